package dev.bellwether.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.bellwether.Progress;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import dev.bellwether.ops.replay.AlertReplay;
import dev.bellwether.ops.topics.TimeRange;
import dev.bellwether.ops.topics.TopicRange;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The replay benchmark: hours of generated scored news written to {@code news.scored} on an
 * in-JVM broker, then run through {@code replay alerts}'s engine ({@link AlertReplay}) as the
 * command runs it: read from the broker, evaluated, alerts written to a replay topic. Measures
 * items per second of the replay and the largest heap left in use after a garbage collection
 * during it, which is what a replay holds rather than what it throws away.
 */
public final class ReplayBench {

  private static final ModelId MODEL = new ModelId("bench-model", "1", "0".repeat(64));
  private static final List<String> TOPICS = List.of("Earnings", "Macro", "Markets", "M&A", "Regulation");
  private static final List<String> ENTITIES = List.of("ACME", "GLOBEX", "INITECH", "UMBRELLA", "HOOLI", "STARK");
  private static final String OUTPUT = "alerts.replay.bench";

  /**
   * What the benchmark measured.
   *
   * @param items scored items replayed
   * @param partitions partitions of the scored topic
   * @param seconds wall time of the replay, reading included
   * @param itemsPerSecond items over seconds
   * @param itemsPerCpuSecond items over the CPU time of the replaying thread (reading, the
   *     topology, writing alerts), which other load on the machine disturbs less than wall time
   * @param alertRevisions alert revisions the replay raised
   * @param peakHeapAfterGcBytes largest heap in use right after a collection during the replay
   */
  public record Measured(long items, int partitions, double seconds, double itemsPerSecond, double itemsPerCpuSecond,
      long alertRevisions,
      long peakHeapAfterGcBytes) {}

  private ReplayBench() {}

  /** Generates {@code hours} of news at {@code perMinute} items a minute, replays it and measures. */
  public static Measured run(AlertsConfig config, int hours, int perMinute, int partitions, long seed,
      PrintStream progress) {
    Path dir;
    try {
      dir = Files.createTempDirectory("bellwether-bench-replay-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the benchmark broker", e);
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
      Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
      TopicAdmin.ensureTopics(client, List.of(Topics.SCORED), partitions, (short) 1, Duration.ofSeconds(60));
      Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofHours(hours));
      long items = write(client, start, hours, perMinute, seed);
      progress.printf("replay bench: %,d scored items over %d h in %d partition(s) written; replaying%n",
          items, hours, partitions);
      try (Admin admin = Admin.create(client)) {
        admin.createTopics(List.of(new NewTopic(OUTPUT, 1, (short) 1))).all().get();
        TopicRange range = TopicRange.of(admin, Topics.SCORED.name(), TimeRange.ALL);
        try (HeapAfterGc heap = HeapAfterGc.watch()) {
          java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
          long cpuBegan = threads.getCurrentThreadCpuTime();
          long began = System.nanoTime();
          AlertReplay.Result result = AlertReplay.run(client, range, Instant.MIN, OUTPUT, config,
              Progress.onStderr("replay alerts", "offsets", range.offsets()));
          double seconds = (System.nanoTime() - began) / 1e9;
          double cpu = (threads.getCurrentThreadCpuTime() - cpuBegan) / 1e9;
          return new Measured(result.items(), partitions, seconds, result.items() / seconds, result.items() / cpu,
              result.alerts().size(),
              heap.peak());
        }
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("cannot create " + OUTPUT + ": " + e.getCause().getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    } finally {
      deleteQuietly(dir);
    }
  }

  /** Writes the news minute by minute, as the live scoring application would, keyed by story. */
  private static long write(Map<String, Object> client, Instant start, int hours, int perMinute, long seed) {
    Random random = new Random(seed);
    JsonCodec<ScoredNewsItem> codec = Topics.SCORED.valueSerde().codec();
    long n = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
      for (int minute = 0; minute < hours * 60; minute++) {
        List<Instant> times = new ArrayList<>();
        int count = Math.max(0, perMinute / 2 + random.nextInt(perMinute + 1));
        for (int i = 0; i < count; i++) {
          times.add(start.plusSeconds(60L * minute).plusMillis(random.nextInt(60_000)));
        }
        times.sort(Comparator.naturalOrder());
        for (Instant at : times) {
          ScoredNewsItem item = item("bench-" + (++n), at, random);
          producer.send(new ProducerRecord<>(Topics.SCORED.name(), null, at.toEpochMilli(), item.item().storyId(),
              codec.encode(item)));
        }
      }
      producer.flush();
    }
    return n;
  }

  private static ScoredNewsItem item(String id, Instant at, Random random) {
    String topic = TOPICS.get(random.nextInt(TOPICS.size()));
    List<String> entities = random.nextDouble() < 0.5 ? List.of(ENTITIES.get(random.nextInt(ENTITIES.size()))) : List.of();
    double u = random.nextDouble();
    Sentiment label = u < 0.15 ? Sentiment.NEGATIVE : u < 0.6 ? Sentiment.NEUTRAL : Sentiment.POSITIVE;
    double rest = 0.15;
    SentimentPrediction sentiment = switch (label) {
      case NEGATIVE -> SentimentPrediction.fromProbabilities(0.7, rest, rest);
      case POSITIVE -> SentimentPrediction.fromProbabilities(rest, rest, 0.7);
      default -> SentimentPrediction.fromProbabilities(rest, 0.7, rest);
    };
    RawNewsItem raw = new RawNewsItem(RawNewsItem.SCHEMA_VERSION, id, id, true, "bench",
        "https://news.invalid/" + id, topic + " " + label.label() + " headline " + id, "", at, at.plusSeconds(5),
        entities, "en");
    return new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, raw, MODEL, new TopicPrediction(topic, 0.9, Map.of()),
        sentiment, List.of(), at.plusSeconds(6));
  }

  /** The largest heap in use right after any collection while it watches. */
  private static final class HeapAfterGc implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final NotificationListener listener = (notification, handback) -> {
      if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
        GarbageCollectionNotificationInfo info =
            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
        peak.accumulateAndGet(used, Math::max);
      }
    };

    static HeapAfterGc watch() {
      HeapAfterGc watcher = new HeapAfterGc();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(watcher.listener, null, null);
        }
      }
      return watcher;
    }

    long peak() {
      return peak.get();
    }

    @Override
    public void close() {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          try {
            emitter.removeNotificationListener(listener);
          } catch (ListenerNotFoundException e) {
            // Never added: nothing to remove.
          }
        }
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
