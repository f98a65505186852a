package dev.bellwether.bench;

import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.score.ScoringTopology;
import dev.bellwether.config.ClassifierConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The broker half of the classifier benchmark: the scoring topology as an exactly-once Streams
 * application on an in-JVM broker, fed raw items and read back with {@code read_committed}.
 */
final class TopologyBench {

  private static final String BATCH_SIZE = "bellwether.classifier.batch.size";
  private static final String SCORING_LATENCY = "bellwether.classifier.scoring.latency";
  private static final String APPLICATION_ID = "bellwether-bench-classifier";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  // Below this rate something is broken; it bounds how long a phase may wait for its records.
  private static final double SLOWEST_CREDIBLE_RATE = 2.0;

  private TopologyBench() {}

  /**
   * What the broker run measured.
   *
   * @param textsPerSecond texts from first produce to the last scored record read
   * @param meanBatch items per scoring call while the topology worked through the backlog: below
   *     batch-size means batches went out before they filled
   * @param modelShare share of the backlog's wall time a stream thread spent in scoring calls
   *     (encoder and heads), averaged over stream threads: the rest went to Kafka, Streams and
   *     the JVM around them
   * @param commitShare share of the backlog's wall time a stream thread spent committing
   *     (exactly-once: flushing the producer and committing the transaction), averaged likewise
   * @param cpuCores cores used while the topology worked through the backlog, by group of
   *     threads (see {@link #threadGroup}): what the scoring calls had to share the CPUs with
   * @param endToEnd latency of single records produced at half that rate
   */
  public record Measured(double textsPerSecond, double meanBatch, double modelShare, double commitShare,
      Map<String, Double> cpuCores, EndToEnd endToEnd) {}

  /**
   * Produce-to-readable latency at a fixed produce rate.
   *
   * @param ratePerSecond records produced per second
   * @param records records measured
   * @param p50Millis median latency, in milliseconds
   * @param p99Millis 99th-percentile latency, in milliseconds
   */
  public record EndToEnd(double ratePerSecond, int records, double p50Millis, double p99Millis) {}

  /** The micro-batch delay `run` uses by default; the batch size is the benchmark's option. */
  private static final Duration MAX_BATCH_DELAY = new ConfigLoader().load(null, Map.of()).classifier().maxBatchDelay();

  /**
   * Measures the scoring topology.
   *
   * @param streamThreads stream threads of the application, and partitions of its topics
   */
  static Measured run(NewsClassifier classifier, int batchSize, int streamThreads, List<String> texts, int warmup,
      Duration endToEnd, PrintStream progress) {
    Path dir;
    try {
      dir = Files.createTempDirectory("bellwether-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the benchmark broker", e);
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
      String bootstrap = broker.bootstrapServers();
      TopicAdmin.ensureTopics(Map.of("bootstrap.servers", bootstrap), Topics.all(), streamThreads, (short) 1,
          START_TIMEOUT);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      KafkaStreams streams = new KafkaStreams(
          ScoringTopology.build(classifier, registry, Clock.systemUTC(), batchSize, MAX_BATCH_DELAY),
          streamsProperties(bootstrap, dir.resolve("streams"), ScoringTopology.streamsSettings(
              new ClassifierConfig("", 1, 128, batchSize, MAX_BATCH_DELAY)), streamThreads));
      try (ScoredReader reader = ScoredReader.start(bootstrap);
          KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
        streams.start();
        awaitRunning(streams);
        Feeder feeder = new Feeder(producer, reader, texts, progress);
        progress.printf("topology: warming up on %d records%n", warmup);
        feeder.burst("w", Math.min(warmup, texts.size()));
        progress.printf("topology: %d records as fast as possible%n", texts.size());
        DistributionSummary batches = registry.get(BATCH_SIZE).summary();
        Timer scoring = registry.get(SCORING_LATENCY).timer();
        long batchesBefore = batches.count();
        double itemsBefore = batches.totalAmount();
        double scoringBefore = scoring.totalTime(TimeUnit.NANOSECONDS);
        Map<String, Map<String, Double>> threadBefore = threadCounts(streams);
        CpuUse cpuBefore = CpuUse.now();
        long start = System.nanoTime();
        double rate = feeder.burst("t", texts.size());
        double wall = System.nanoTime() - start;
        Map<String, Double> cpu = CpuUse.now().coresSince(cpuBefore, TopologyBench::threadGroup);
        double meanBatch = (batches.totalAmount() - itemsBefore) / Math.max(1, batches.count() - batchesBefore);
        // The timer sums all stream threads' calls: the share of one thread's time, on average.
        double modelShare = (scoring.totalTime(TimeUnit.NANOSECONDS) - scoringBefore) / wall / streamThreads;
        Map<String, Double> shares = threadShares(streams, threadBefore, wall);
        progress.printf("topology: %.1f items per scoring call on average (batch-size %d), %.0f%% of the time in them%n",
            meanBatch, batchSize, 100 * modelShare);
        progress.printf("topology: stream thread's time in commits %.0f%%, polls %.0f%%, punctuations %.0f%%%n",
            100 * shares.get("commit"), 100 * shares.get("poll"), 100 * shares.get("punctuate"));
        StringBuilder cores = new StringBuilder();
        cpu.forEach((group, used) -> cores.append(String.format(java.util.Locale.ROOT, ", %s %.2f", group, used)));
        progress.printf("topology: cores used: %s%n", cores.substring(2));
        double paced = Math.max(1.0, rate / 2);
        progress.printf("end-to-end: %.1f records/s for %d s%n", paced, endToEnd.toSeconds());
        long[] latencies = feeder.paced("e", paced, (int) Math.max(1, Math.round(paced * endToEnd.toSeconds())));
        Throughput t = Throughput.of(latencies.length, 1, latencies);
        return new Measured(rate, meanBatch, modelShare, shares.get("commit"), cpu,
            new EndToEnd(paced, latencies.length, t.p50Millis(), t.p99Millis()));
      } finally {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
      }
    } finally {
      deleteQuietly(dir);
    }
  }

  /** Produces raw items and waits for their scored copies. */
  private record Feeder(KafkaProducer<String, byte[]> producer, ScoredReader reader, List<String> texts, PrintStream progress) {

    private static final JsonCodec<RawNewsItem> CODEC = new JsonCodec<>(RawNewsItem.class);

    /** Sends {@code n} records at once; returns texts/s from the first send to the last scored record read. */
    double burst(String prefix, int n) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        send(prefix + "-" + i, texts.get(i % texts.size()));
      }
      producer.flush();
      await(prefix, n, start);
      return n / ((reader.lastArrival() - start) / 1e9);
    }

    /** Sends {@code n} records evenly spaced at {@code rate}; returns each one's produce-to-readable nanoseconds. */
    long[] paced(String prefix, double rate, int n) {
      long[] sent = new long[n];
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long due = start + (long) (i * 1e9 / rate);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        sent[i] = System.nanoTime();
        send(prefix + "-" + i, texts.get(i % texts.size()));
      }
      await(prefix, n, start);
      long[] latencies = new long[n];
      for (int i = 0; i < n; i++) {
        latencies[i] = reader.arrival(prefix + "-" + i) - sent[i];
      }
      return latencies;
    }

    private void send(String id, String title) {
      Instant published = Instant.now();
      RawNewsItem item = RawNewsItem.of(
          id, "bench", "https://news.invalid/bench/" + id, title, "", published, published, List.of());
      producer.send(new ProducerRecord<>(Topics.RAW.name(), null, published.toEpochMilli(), id, CODEC.encode(item)));
    }

    private void await(String prefix, int n, long start) {
      long deadline = start + TimeUnit.SECONDS.toNanos(60 + (long) (n / SLOWEST_CREDIBLE_RATE));
      long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      int seen;
      while ((seen = reader.count(prefix)) < n) {
        long now = System.nanoTime();
        if (now > deadline) {
          throw new IllegalStateException(
              "only " + seen + " of " + n + " scored records arrived on " + Topics.SCORED.name() + " in time");
        }
        if (now > nextReport) {
          progress.printf("  %d/%d scored%n", seen, n);
          nextReport = now + TimeUnit.SECONDS.toNanos(5);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
    }
  }

  /**
   * The group of a Java thread, by its name: the stream threads (whose time includes the scoring
   * calls' share of ONNX Runtime's work), the Kafka clients' network threads, the benchmark's
   * feeder and reader, and the in-JVM broker (every other Java thread).
   */
  static String threadGroup(String name) {
    if (name == null) {
      return "other";
    }
    // Before the stream threads: a Streams producer's network thread names its stream thread too.
    if (name.startsWith("kafka-producer-network-thread") || name.startsWith("kafka-coordinator-heartbeat-thread")
        || name.contains("consumer_background_thread")) {
      return "Kafka clients";
    }
    if (name.contains("-StreamThread-")) {
      return "stream threads";
    }
    if (name.equals("main") || name.equals("bench-scored-reader")) {
      return "bench feeder and reader";
    }
    return "broker and other Java threads";
  }

  /** The stream-thread operations whose time the benchmark splits out. */
  private static final List<String> OPERATIONS = List.of("commit", "poll", "punctuate");

  /** Each operation's count so far, by stream thread: operation → thread id → count. */
  private static Map<String, Map<String, Double>> threadCounts(KafkaStreams streams) {
    Map<String, Map<String, Double>> counts = new HashMap<>();
    for (String op : OPERATIONS) {
      counts.put(op, byThread(streams, op + "-total"));
    }
    return counts;
  }

  /**
   * Each operation's share of a stream thread's {@code wallNanos}, averaged over the threads: per
   * thread, its operations since {@code before} times their recent mean latency (Streams keeps
   * means over its sample window, about the last 30 s).
   */
  private static Map<String, Double> threadShares(KafkaStreams streams, Map<String, Map<String, Double>> before,
      double wallNanos) {
    Map<String, Double> shares = new HashMap<>();
    for (String op : OPERATIONS) {
      Map<String, Double> counts = byThread(streams, op + "-total");
      Map<String, Double> means = byThread(streams, op + "-latency-avg");
      double nanos = 0;
      for (Map.Entry<String, Double> thread : counts.entrySet()) {
        double count = thread.getValue() - before.get(op).getOrDefault(thread.getKey(), 0.0);
        double meanMillis = means.getOrDefault(thread.getKey(), Double.NaN);
        nanos += Double.isFinite(meanMillis) ? count * meanMillis * 1e6 : 0;
      }
      shares.put(op, nanos / wallNanos / Math.max(1, counts.size()));
    }
    return shares;
  }

  /** A stream-thread metric's value by thread id. */
  private static Map<String, Double> byThread(KafkaStreams streams, String name) {
    Map<String, Double> values = new HashMap<>();
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName metric = e.getKey();
      if (metric.group().equals("stream-thread-metrics") && metric.name().equals(name)
          && e.getValue().metricValue() instanceof Number n) {
        values.put(metric.tags().getOrDefault("thread-id", ""), n.doubleValue());
      }
    }
    return values;
  }

  private static Properties streamsProperties(String bootstrap, Path stateDir, Map<String, Object> topologySettings,
      int streamThreads) {
    Properties props = new Properties();
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    props.putAll(topologySettings);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    return props;
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        // Latency is measured from send(); a linger would count as pipeline latency.
        ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  private static void awaitRunning(KafkaStreams streams) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED) {
        throw new IllegalStateException("the scoring topology is " + streams.state() + ", not RUNNING, after start");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary directory is harmless; the numbers are already measured.
    }
  }
}
