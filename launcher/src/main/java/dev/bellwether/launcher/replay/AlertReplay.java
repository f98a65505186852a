package dev.bellwether.launcher.replay;

import dev.bellwether.alerts.AlertingTopology;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import dev.bellwether.kafka.Decoded;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import dev.bellwether.launcher.topics.Progress;
import dev.bellwether.launcher.topics.TimeOrderedRead;
import dev.bellwether.launcher.topics.TopicRange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A dry run of alerting over a time range of a scored topic: the live {@link AlertingTopology},
 * unchanged, run inside this process by Kafka's topology driver (as {@code bench alerts} runs it),
 * fed the range's records in publication-time order as they are read ({@link TimeOrderedRead});
 * the alerts it raises are written to a replay topic. The topology's own sinks ({@code alerts},
 * {@code sentiment.windows}, its repartition and changelog topics) exist only inside the driver,
 * so a dry run cannot reach the notifier or any live topic, needs no application id, and leaves
 * no internal topics or state behind.
 *
 * <p>Records before {@code reportFrom} are a warm-up: they teach the baselines but the alerts of
 * windows ending by then are dropped. At the end, stream time is moved past the grace of the last
 * window that ends by the range's end (or, for an open range, of the last record's windows), so
 * those windows are evaluated rather than left open as the live app leaves them until later news.
 */
public final class AlertReplay {

  private static final JsonCodec<Alert> ALERT = Topics.ALERTS.valueSerde().codec();
  private static final JsonCodec<ScoredNewsItem> SCORED = Topics.SCORED.valueSerde().codec();
  private static final int DRAIN_EVERY = 256;

  /**
   * What a dry run did.
   *
   * @param output the replay topic written
   * @param items scored records fed to the topology after the warm-up
   * @param warmupItems scored records fed as warm-up, before the reported range
   * @param alerts alert revisions raised in the reported range, in order
   */
  public record Result(String output, long items, long warmupItems, List<Alert> alerts) {}

  private AlertReplay() {}

  /**
   * Runs alerting over {@code source} and writes the alerts of windows ending after
   * {@code reportFrom} to {@code output}, which must exist.
   */
  public static Result run(Map<String, Object> clientConfig, TopicRange source, Instant reportFrom, String output,
      AlertsConfig config, Progress progress) {
    Path stateDir = tempDir();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bellwether-replay-alerts");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // Closed windows are looked for at most once per interval of the driver's wall clock, which
    // follows event time here: once per window advance finds every window closed meanwhile (each
    // is emitted once either way, in time order) without a store scan per record, which cost a
    // third of the replay. Windows close at most once per advance, so nothing waits longer.
    props.put(StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION,
        config.window().advance().toMillis());
    Map<String, Object> producerConfig = new HashMap<>(clientConfig);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    Feed feed = new Feed(reportFrom.equals(Instant.MIN) ? Long.MIN_VALUE : reportFrom.toEpochMilli());
    try (TopologyTestDriver driver =
            new TopologyTestDriver(AlertingTopology.build(config, new SimpleMeterRegistry()), props, Instant.EPOCH);
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
      TestInputTopic<String, byte[]> scored =
          driver.createInputTopic(Topics.SCORED.name(), new StringSerializer(), new ByteArraySerializer());
      Sink sink = new Sink(driver, producer, output, feed.reportFrom);
      TimeOrderedRead.read(source, clientConfig, r -> {
        feed.pipe(driver, scored, r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.value(),
            r.timestamp());
        if ((feed.items + feed.warmupItems) % DRAIN_EVERY == 0) {
          sink.drain();
        }
      }, progress);
      if (feed.last != Long.MIN_VALUE) {
        long lastWindowEnd = feed.last + config.window().size().toMillis();
        long closeAt = Math.min(lastWindowEnd, source.range().to().equals(Instant.MAX)
            ? Long.MAX_VALUE : source.range().to().toEpochMilli()) + config.window().grace().toMillis() + 1;
        feed.pipe(driver, scored, CLOSER_KEY, closer(Instant.ofEpochMilli(closeAt)), Math.max(closeAt, feed.last));
      }
      sink.drain();
      producer.flush();
      return new Result(output, feed.items, feed.warmupItems, sink.alerts);
    } finally {
      deleteRecursively(stateDir);
    }
  }

  private static final String CLOSER_KEY = "bellwether-replay-closer";

  /**
   * The item that moves stream time to the end: valid, so it reaches the windows, and alone in
   * the windows it opens, which stay open and are never evaluated.
   */
  private static byte[] closer(Instant at) {
    RawNewsItem raw =
        RawNewsItem.of(CLOSER_KEY, "replay", "https://news.invalid/replay-closer", "replay closer", "", at, at, List.of());
    ModelId model = new ModelId("replay", "0", "0".repeat(64));
    return SCORED.encode(new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, raw, model,
        new TopicPrediction(CLOSER_KEY, 1.0, Map.of()), SentimentPrediction.fromProbabilities(0, 1, 0), List.of(), at));
  }

  /** Feeds records to the driver with its wall clock kept at event time; counts them. */
  private static final class Feed {
    final long reportFrom;
    long items;
    long warmupItems;
    long wallClock;
    long last = Long.MIN_VALUE;

    Feed(long reportFrom) {
      this.reportFrom = reportFrom;
    }

    void pipe(TopologyTestDriver driver, TestInputTopic<String, byte[]> scored, String key, byte[] value,
        long timestamp) {
      if (timestamp > wallClock) {
        driver.advanceWallClockTime(Duration.ofMillis(timestamp - wallClock));
        wallClock = timestamp;
      }
      scored.pipeInput(new TestRecord<>(key, value, null, timestamp));
      if (!CLOSER_KEY.equals(key)) {
        last = Math.max(last, timestamp);
        if (timestamp < reportFrom) {
          warmupItems++;
        } else {
          items++;
        }
      }
    }
  }

  /** Where the driver's alerts go: the replay topic and the result, when their window ends after the warm-up. */
  private static final class Sink {
    private final TopologyTestDriver driver;
    private final KafkaProducer<String, byte[]> producer;
    private final String output;
    private final long reportFrom;
    final List<Alert> alerts = new ArrayList<>();

    Sink(TopologyTestDriver driver, KafkaProducer<String, byte[]> producer, String output, long reportFrom) {
      this.driver = driver;
      this.producer = producer;
      this.output = output;
      this.reportFrom = reportFrom;
    }

    /**
     * Sends the alerts to the replay topic and drops every other record the driver captured: it
     * keeps what is sent to any topic until read, which over a day of news would fill the heap.
     */
    void drain() {
      for (String topic : driver.producedTopicNames()) {
        TestOutputTopic<byte[], byte[]> out =
            driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (TestRecord<byte[], byte[]> r : out.readRecordsToList()) {
          if (topic.equals(Topics.ALERTS.name())) {
            Decoded<Alert> alert = Decoded.of(ALERT, r.value());
            Instant windowEnd = alert.ok() ? alert.value().windowEnd() : null;
            if (windowEnd != null && windowEnd.toEpochMilli() <= reportFrom) {
              continue;
            }
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(output, null, r.timestamp(), key, r.value()));
            if (alert.ok()) {
              alerts.add(alert.value());
            }
          }
        }
      }
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("bellwether-replay-alerts");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary state directory", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless; the replay's result stands.
    }
  }
}
