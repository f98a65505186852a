package dev.bellwether.alerts;

import dev.bellwether.config.AlertsConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.config.SpikeRuleConfig;
import dev.bellwether.config.WindowConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.Incident;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.WindowStats;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The alerting topology in a {@link TopologyTestDriver}, with the topics typed and the outputs
 * collected as they come.
 */
final class AlertingHarness implements AutoCloseable {

  /**
   * Realistic settings: the shipped windowed rule except the minimum a test gives, the shipped
   * sequential rule, and a 30 s grace.
   */
  static AlertsConfig config(int minNegativeStories) {
    SpikeRuleConfig shipped = new ConfigLoader().load(null, Map.of()).alerts().spike();
    return new AlertsConfig(
        new WindowConfig(Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofSeconds(30)),
        new SpikeRuleConfig(30, 240, minNegativeStories, 1.5, 3.0, 5.0, 2.0, 3.0, 10,
            shipped.sequentialRatio(), shipped.sequentialThreshold()),
        5,
        10);
  }

  final AlertsConfig config;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final TopologyTestDriver driver;
  private final TestInputTopic<String, byte[]> scored;
  private final TestOutputTopic<String, WindowStats> windowsTopic;
  private final TestOutputTopic<String, Alert> alertsTopic;
  private final TestOutputTopic<String, ScoredNewsItem> lateTopic;
  private final TestOutputTopic<String, DeadLetter> deadLetterTopic;
  private final TestOutputTopic<String, Incident> incidentsTopic;
  private final JsonCodec<ScoredNewsItem> codec = new JsonCodec<>(ScoredNewsItem.class);
  final List<TestRecord<String, WindowStats>> windows = new ArrayList<>();
  final List<TestRecord<String, Alert>> alerts = new ArrayList<>();
  final List<TestRecord<String, ScoredNewsItem>> late = new ArrayList<>();
  final List<TestRecord<String, DeadLetter>> deadLetters = new ArrayList<>();
  final List<TestRecord<String, Incident>> incidents = new ArrayList<>();

  AlertingHarness(AlertsConfig config) {
    this.config = config;
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bellwether-alerts-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    // A state directory of its own, so test JVMs running side by side never share RocksDB locks.
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
    driver = new TopologyTestDriver(AlertingTopology.build(config, registry), props);
    scored = driver.createInputTopic(Topics.SCORED.name(), new StringSerializer(), new ByteArraySerializer());
    windowsTopic = output(Topics.WINDOWS.name(), Topics.WINDOWS.valueSerde().deserializer());
    alertsTopic = output(Topics.ALERTS.name(), Topics.ALERTS.valueSerde().deserializer());
    lateTopic = output(Topics.LATE.name(), Topics.LATE.valueSerde().deserializer());
    deadLetterTopic = output(Topics.DEAD_LETTER.name(), Topics.DEAD_LETTER.valueSerde().deserializer());
    incidentsTopic = output(Topics.INCIDENTS.name(), Topics.INCIDENTS.valueSerde().deserializer());
  }

  private <V> TestOutputTopic<String, V> output(String topic, org.apache.kafka.common.serialization.Deserializer<V> values) {
    return driver.createOutputTopic(topic, new StringDeserializer(), values);
  }

  /** Pipes items keyed by story id, each stamped with its publication time. */
  void pipe(List<ScoredNewsItem> items) {
    for (ScoredNewsItem item : items) {
      scored.pipeInput(item.item().storyId(), codec.encode(item), item.item().publishedAt());
    }
    drain();
  }

  /** Pipes raw bytes, as a misbehaving producer would. */
  void pipeRaw(String key, byte[] value, Instant at) {
    scored.pipeInput(key, value, at);
    drain();
  }

  private void drain() {
    windows.addAll(windowsTopic.readRecordsToList());
    alerts.addAll(alertsTopic.readRecordsToList());
    late.addAll(lateTopic.readRecordsToList());
    deadLetters.addAll(deadLetterTopic.readRecordsToList());
    incidents.addAll(incidentsTopic.readRecordsToList());
  }

  List<Alert> alertsFor(String scope) {
    return alerts.stream().map(TestRecord::value).filter(a -> a.scope().equals(scope)).toList();
  }

  List<WindowStats> windowsFor(String scope) {
    return windows.stream().map(TestRecord::value).filter(w -> w.scope().equals(scope)).toList();
  }

  double counter(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private static Path stateDir() {
    try {
      return Files.createTempDirectory("alerts-harness");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.close();
  }
}
