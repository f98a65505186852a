package dev.bellwether.launcher.replay;

import dev.bellwether.alerts.AlertingTopology;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import dev.bellwether.launcher.topics.Progress;
import dev.bellwether.launcher.topics.TopicRange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * fed the range's records in event-time order; the alerts it raises are written to a replay
 * topic. The topology's own sinks ({@code alerts}, {@code sentiment.windows}, its repartition
 * and changelog topics) exist only inside the driver, so a dry run cannot reach the notifier or
 * any live topic, needs no application id, and leaves no internal topics or state behind.
 *
 * <p>The range is held in memory to be sorted by time (about 1.5 KB per scored item); windows
 * still open at the range's end are not closed, as in the live app before later news arrives.
 */
public final class AlertReplay {

  private static final JsonCodec<Alert> ALERT = Topics.ALERTS.valueSerde().codec();

  /**
   * What a dry run did.
   *
   * @param output the replay topic written
   * @param items scored records fed to the topology
   * @param alerts alert revisions raised, in order
   */
  public record Result(String output, long items, List<Alert> alerts) {}

  private AlertReplay() {}

  /** Runs alerting over {@code source} and writes its alerts to {@code output}, which must exist. */
  public static Result run(Map<String, Object> clientConfig, TopicRange source, String output, AlertsConfig config,
      Progress readProgress) {
    List<TestRecord<String, byte[]>> records = new ArrayList<>();
    source.read(clientConfig, r -> records.add(new TestRecord<>(
        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.value(), null, r.timestamp())),
        readProgress);
    records.sort(Comparator.comparing(TestRecord::timestamp));
    Path stateDir = tempDir();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bellwether-replay-alerts");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // The driver's wall clock stands still: look for closed windows on every record.
    props.put(StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION, 0L);
    Map<String, Object> producerConfig = new HashMap<>(clientConfig);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    List<Alert> alerts = new ArrayList<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(AlertingTopology.build(config, new SimpleMeterRegistry()), props);
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
      TestInputTopic<String, byte[]> scored =
          driver.createInputTopic(Topics.SCORED.name(), new StringSerializer(), new ByteArraySerializer());
      Progress progress = Progress.onStderr("replay alerts", "items", records.size());
      for (int i = 0; i < records.size(); i++) {
        scored.pipeInput(records.get(i));
        if (i % 256 == 255 || i == records.size() - 1) {
          drain(driver, producer, output, alerts);
          progress.update(i + 1);
        }
      }
      progress.finish(records.size());
      producer.flush();
    } finally {
      deleteRecursively(stateDir);
    }
    return new Result(output, records.size(), alerts);
  }

  /**
   * Sends the alerts to the replay topic and drops every other record the driver captured: it
   * keeps what is sent to any topic until read, which over a day of news would fill the heap.
   */
  private static void drain(TopologyTestDriver driver, KafkaProducer<String, byte[]> producer, String output,
      List<Alert> alerts) {
    for (String topic : driver.producedTopicNames()) {
      TestOutputTopic<byte[], byte[]> out =
          driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      for (TestRecord<byte[], byte[]> r : out.readRecordsToList()) {
        if (topic.equals(Topics.ALERTS.name())) {
          String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
          producer.send(new ProducerRecord<>(output, null, r.timestamp(), key, r.value()));
          dev.bellwether.kafka.Decoded<Alert> alert = dev.bellwether.kafka.Decoded.of(ALERT, r.value());
          if (alert.ok()) {
            alerts.add(alert.value());
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
