package dev.bellwether.bench;

import dev.bellwether.event.RawNewsItem;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The sustained-load benchmark: raw items at a fixed rate into a running pipeline for a while,
 * sampling once a second the consumer lag of its Streams applications and the heap in use after
 * garbage collection, and timing each item from produced to scored and readable
 * ({@code read_committed}). Bounded lag and heap at a rate mean the pipeline keeps up with it.
 */
public final class LoadBench {

  private static final Duration DRAIN = Duration.ofMinutes(2);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private LoadBench() {}

  /**
   * What to run.
   *
   * @param rate items per second
   * @param duration how long to produce
   */
  public record Options(double rate, Duration duration) {}

  /**
   * What a run measured.
   *
   * @param rate items per second asked for
   * @param seconds seconds of producing
   * @param sent items produced
   * @param scored distinct items read back scored
   * @param throughput scored items per second, first produce to last scored
   * @param lagMax most records the applications had still to read at one sample (all groups summed)
   * @param lagP99 99th percentile of that sum over the samples
   * @param lagMaxByGroup most records each application had still to read
   * @param heapAfterGcMaxMb most heap in use after a collection, in MiB
   * @param heapAfterGcFirstHalfMb most heap in use after a collection in the first half of the run
   * @param heapAfterGcSecondHalfMb the same for the second half; much above the first half suggests a leak
   * @param e2eP50Millis median time from produced to scored and readable
   * @param e2eP99Millis 99th percentile of that time
   */
  public record Result(double rate, long seconds, int sent, int scored, double throughput, long lagMax, long lagP99,
      Map<String, Long> lagMaxByGroup, double heapAfterGcMaxMb, double heapAfterGcFirstHalfMb,
      double heapAfterGcSecondHalfMb, double e2eP50Millis, double e2eP99Millis) {

    /** The JSON form, field names in snake case. */
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rate_per_second", rate);
      m.put("seconds", seconds);
      m.put("sent", sent);
      m.put("scored", scored);
      m.put("throughput_per_second", Throughput.round(throughput, 1));
      m.put("lag_max", lagMax);
      m.put("lag_p99", lagP99);
      m.put("lag_max_by_group", lagMaxByGroup);
      m.put("heap_after_gc_max_mb", Throughput.round(heapAfterGcMaxMb, 1));
      m.put("heap_after_gc_first_half_mb", Throughput.round(heapAfterGcFirstHalfMb, 1));
      m.put("heap_after_gc_second_half_mb", Throughput.round(heapAfterGcSecondHalfMb, 1));
      m.put("e2e_p50_ms", Throughput.round(e2eP50Millis, 1));
      m.put("e2e_p99_ms", Throughput.round(e2eP99Millis, 1));
      return m;
    }

    /** A human-readable table of the same numbers. */
    public String table() {
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "%-34s %.1f items/s for %d s%n", "rate asked", rate, seconds));
      out.append(String.format(Locale.ROOT, "%-34s %d sent, %d scored, %.1f items/s%n", "throughput", sent, scored,
          throughput));
      out.append(String.format(Locale.ROOT, "%-34s max %d, p99 %d records %s%n", "consumer lag (all apps)", lagMax,
          lagP99, lagMaxByGroup));
      out.append(String.format(Locale.ROOT, "%-34s max %.1f MiB (first half %.1f, second half %.1f)%n",
          "heap used after GC", heapAfterGcMaxMb, heapAfterGcFirstHalfMb, heapAfterGcSecondHalfMb));
      out.append(String.format(Locale.ROOT, "%-34s p50 %.1f ms, p99 %.1f ms%n", "produced -> scored (read_committed)",
          e2eP50Millis, e2eP99Millis));
      return out.toString();
    }
  }

  /**
   * Runs the load against the pipeline on {@code bootstrap}, whose Streams applications consume as
   * {@code groups}; news.scored must have one partition (the embedded default).
   */
  public static Result run(Options options, String bootstrap, List<String> groups, PrintStream progress)
      throws InterruptedException {
    if (!(options.rate() > 0) || options.duration().isNegative() || options.duration().isZero()) {
      throw new IllegalArgumentException("rate and duration must be positive, got " + options);
    }
    long seconds = Math.max(1, options.duration().toSeconds());
    int total = (int) Math.ceil(options.rate() * seconds);
    long[] sentAt = new long[total];
    List<String> headlines = BenchHeadlines.generate(Math.min(total, 5_000));
    JsonCodec<RawNewsItem> codec = Topics.RAW.valueSerde().codec();
    List<long[]> samples = new ArrayList<>();
    Map<String, Long> lagMaxByGroup = new LinkedHashMap<>();
    groups.forEach(g -> lagMaxByGroup.put(g, 0L));
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-load-sampler");
      t.setDaemon(true);
      return t;
    });
    long start = System.nanoTime();
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap));
        LoadProbe probe = new LoadProbe(admin, groups);
        ScoredReader reader = ScoredReader.start(bootstrap);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0),
            new StringSerializer(), new ByteArraySerializer())) {
      sampler.scheduleAtFixedRate(() -> {
        try {
          Map<String, Long> lag = probe.lag();
          long sum = 0;
          for (Map.Entry<String, Long> e : lag.entrySet()) {
            sum += e.getValue();
            lagMaxByGroup.merge(e.getKey(), e.getValue(), Math::max);
          }
          synchronized (samples) {
            samples.add(new long[] {System.nanoTime() - start, sum, probe.heapAfterGc()});
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          progress.println("load: lag sample failed: " + e.getMessage());
        }
      }, 1, 1, TimeUnit.SECONDS);

      Clock clock = Clock.systemUTC();
      double intervalNanos = 1e9 / options.rate();
      long nextProgress = start + PROGRESS_EVERY.toNanos();
      for (int i = 0; i < total; i++) {
        long due = start + (long) (i * intervalNanos);
        for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
          LockSupport.parkNanos(due - now);
        }
        Instant published = clock.instant();
        String id = "load-" + i;
        RawNewsItem item = RawNewsItem.of(id, "bench-load", "https://bench.test/" + i,
            headlines.get(i % headlines.size()), "", published, published, List.of());
        sentAt[i] = System.nanoTime();
        producer.send(new ProducerRecord<>(Topics.RAW.name(), null, published.toEpochMilli(), id, codec.encode(item)));
        if (sentAt[i] >= nextProgress) {
          nextProgress += PROGRESS_EVERY.toNanos();
          long elapsed = TimeUnit.NANOSECONDS.toSeconds(sentAt[i] - start);
          progress.printf(Locale.ROOT, "load: %d/%d s, %d sent, %d scored, lag %d, heap after GC %.0f MiB, ETA %d s%n",
              elapsed, seconds, i + 1, reader.count("load"), lastLag(samples), mib(probe.heapAfterGc()),
              seconds - elapsed);
        }
      }
      producer.flush();
      long drainUntil = System.nanoTime() + DRAIN.toNanos();
      while (reader.count("load") < total && System.nanoTime() < drainUntil) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
      sampler.shutdownNow();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
      return result(options, seconds, total, sentAt, reader, start, samples, lagMaxByGroup);
    } finally {
      sampler.shutdownNow();
    }
  }

  private static Result result(Options options, long seconds, int total, long[] sentAt, ScoredReader reader,
      long start, List<long[]> samples, Map<String, Long> lagMaxByGroup) {
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      try {
        latencies.add(reader.arrival("load-" + i) - sentAt[i]);
      } catch (IllegalStateException notScored) {
        // Counted as missing through `scored`.
      }
    }
    long[] e2e = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    long[] lags;
    double heapMax = 0;
    double firstHalf = 0;
    double secondHalf = 0;
    long half = TimeUnit.SECONDS.toNanos(seconds) / 2;
    synchronized (samples) {
      lags = samples.stream().mapToLong(s -> s[1]).sorted().toArray();
      for (long[] s : samples) {
        double heap = mib(s[2]);
        heapMax = Math.max(heapMax, heap);
        if (s[0] < half) {
          firstHalf = Math.max(firstHalf, heap);
        } else {
          secondHalf = Math.max(secondHalf, heap);
        }
      }
    }
    int scored = reader.count("load");
    double elapsed = Math.max(1, reader.lastArrival() - start) / 1e9;
    return new Result(options.rate(), seconds, total, scored, scored / elapsed,
        lags.length == 0 ? 0 : lags[lags.length - 1], (long) Throughput.percentile(lags, 0.99),
        Map.copyOf(lagMaxByGroup), heapMax, firstHalf, secondHalf,
        Throughput.percentile(e2e, 0.50) / 1e6, Throughput.percentile(e2e, 0.99) / 1e6);
  }

  private static long lastLag(List<long[]> samples) {
    synchronized (samples) {
      return samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[1];
    }
  }

  private static double mib(long bytes) {
    return bytes < 0 ? 0 : bytes / (1024.0 * 1024.0);
  }
}
