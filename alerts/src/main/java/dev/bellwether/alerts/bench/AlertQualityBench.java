package dev.bellwether.alerts.bench;

import dev.bellwether.alerts.AlertingTopology;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The alert-quality bench: replays a seeded synthetic stream with injected negative spikes and
 * distractors through the real {@link AlertingTopology} and scores the alerts it raises against
 * what was injected (see {@link Scorecard}).
 *
 * <p>The topology runs in a {@link TopologyTestDriver}, which makes kafka-streams-test-utils a
 * compile dependency of this module. That is deliberate: the driver runs the very processors,
 * window store and baseline store the pipeline runs, with event time under the bench's control
 * and no broker, so the bench measures the shipped rule and windowing rather than a re-creation
 * of them that could drift. Only this package touches the driver; nothing on the pipeline's
 * path loads it.
 */
public final class AlertQualityBench {

  /** First instant of every replay: a Monday at midnight, so the diurnal curve starts at night. */
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  private static final int PROGRESS_STEPS = 20;
  private static final int DRAIN_EVERY = 200;

  private AlertQualityBench() {}

  /**
   * Generates {@code hours} of news with {@code seed}, replays it under {@code config} and scores
   * the alerts; progress and an estimate of the time left go to {@code progress}.
   */
  public static Scorecard run(AlertsConfig config, int hours, long seed, PrintStream progress) {
    if (hours < 1) {
      throw new IllegalArgumentException("hours must be at least 1, got " + hours);
    }
    long began = System.nanoTime();
    BenchStream.Generated generated = new BenchStream(seed).generate(START, Duration.ofHours(hours));
    progress.printf("alerts bench: %,d items over %d h, %d spikes, %d distractors, %d scopes%n",
        generated.items().size(), hours, generated.spikes().size(), generated.distractors(), generated.scopes().size());
    List<Alert> alerts = replay(config, generated.items(), began, progress);
    double seconds = (System.nanoTime() - began) / 1e9;
    return Scorecard.of(generated, alerts, config.window(), hours, seconds);
  }

  private static List<Alert> replay(AlertsConfig config, List<ScoredNewsItem> items, long began, PrintStream progress) {
    Path stateDir = tempDir();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bellwether-alert-bench");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // Closed windows are looked for at most once per wall-clock interval (1 s by default); the
    // driver's wall clock stands still, so look on every record.
    props.put(StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION, 0L);
    JsonCodec<ScoredNewsItem> codec = new JsonCodec<>(ScoredNewsItem.class);
    List<Alert> alerts = new ArrayList<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(AlertingTopology.build(config, new SimpleMeterRegistry()), props)) {
      TestInputTopic<String, byte[]> scored =
          driver.createInputTopic(Topics.SCORED.name(), new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, Alert> alertTopic =
          driver.createOutputTopic(Topics.ALERTS.name(), new StringDeserializer(), Topics.ALERTS.valueSerde().deserializer());
      int step = Math.max(1, items.size() / PROGRESS_STEPS);
      for (int i = 0; i < items.size(); i++) {
        ScoredNewsItem item = items.get(i);
        scored.pipeInput(item.item().storyId(), codec.encode(item), item.item().publishedAt());
        if ((i + 1) % DRAIN_EVERY == 0) {
          drain(driver, alertTopic, alerts);
        }
        if ((i + 1) % step == 0 || i + 1 == items.size()) {
          report(progress, i + 1, items.size(), began);
        }
      }
      // One item past the longest window's grace closes every window still open.
      Instant last = items.isEmpty() ? START : items.get(items.size() - 1).item().publishedAt();
      // Each kind's windows close on the stream time its own items carry: the closer names an
      // entity, so it counts in every kind.
      ScoredNewsItem closer = items.stream().filter(i -> !i.item().entities().isEmpty()).findFirst()
          .orElse(items.isEmpty() ? null : items.get(0));
      if (closer != null) {
        Duration longest = config.window().kinds().values().stream()
            .map(w -> w.size().plus(w.grace())).max(Comparator.naturalOrder()).orElseThrow();
        Instant after = last.plus(longest).plusSeconds(1);
        scored.pipeInput("bench-closer", codec.encode(closer), after);
      }
      drain(driver, alertTopic, alerts);
    } finally {
      deleteRecursively(stateDir);
    }
    alerts.sort(Comparator.comparing(Alert::windowEnd));
    return alerts;
  }

  /**
   * Collects the alerts and drops every other record the driver captured: it keeps each record
   * sent to any topic, the repartition topic included, until read, which over a day of news
   * would fill the heap.
   */
  private static void drain(TopologyTestDriver driver, TestOutputTopic<String, Alert> alertTopic, List<Alert> alerts) {
    alerts.addAll(alertTopic.readValuesToList());
    for (String topic : driver.producedTopicNames()) {
      if (!topic.equals(Topics.ALERTS.name())) {
        driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
      }
    }
  }

  private static void report(PrintStream progress, int done, int total, long began) {
    double elapsed = (System.nanoTime() - began) / 1e9;
    double eta = elapsed * (total - done) / done;
    progress.printf("alerts bench: %3d%% replayed (%,d/%,d items), %.0f s elapsed, ETA %.0f s%n",
        100L * done / total, done, total, elapsed, eta);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("bellwether-alert-bench");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a state directory for the alert bench", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temporary directory is harmless; the scores are what matter.
    }
  }
}
