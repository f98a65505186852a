package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.config.ConfigLoader;
import dev.bellwether.config.NotifierConfig;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.Alert;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notifier on a real broker in this JVM, stopped after delivering and started again, never
 * delivers an alert twice: not after a plain restart, not after its consumer group's offsets are
 * reset to the beginning, and not for a new consumer group replaying the whole alerts topic.
 */
class NotifierRestartIT {

  private static final String GROUP = "notifier-restart-it";

  @TempDir Path dir;

  private final NotifierConfig config = quick(new ConfigLoader().load(null, Map.of()).notifier());
  private final Instant windowEnd = Instant.now().truncatedTo(ChronoUnit.MINUTES);

  @Test
  void restartedNotifierAnnouncesOnlyWhatItHadNotDelivered() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      Map<String, Object> client = client(broker);
      send(client, Alerts.firing("entity:ACME", windowEnd), Alerts.firing("topic:Earnings", windowEnd));

      ByteArrayOutputStream first = new ByteArrayOutputStream();
      try (Notifier notifier = start(client, GROUP, first)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(first).size() == 2);
        assertThat(notifier.state()).isEqualTo(Notifier.State.RUNNING);
      }
      assertThat(lines(first)).anySatisfy(l -> assertThat(l).contains("new entity:ACME"))
          .anySatisfy(l -> assertThat(l).contains("new topic:Earnings"));

      send(client, Alerts.alert("entity:ACME", Alert.Severity.WARNING, Alert.Status.RESOLVED, 2, windowEnd),
          Alerts.firing("market", windowEnd));
      ByteArrayOutputStream second = new ByteArrayOutputStream();
      try (Notifier restarted = start(client, GROUP, second)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(second).size() >= 2);
        // Nothing more arrives: what the first run delivered is not delivered again.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> lines(second).size() == 2);
        assertThat(restarted.state()).isEqualTo(Notifier.State.RUNNING);
      }
      assertThat(lines(second)).anySatisfy(l -> assertThat(l).contains("resolved entity:ACME"))
          .anySatisfy(l -> assertThat(l).contains("new market"))
          .noneSatisfy(l -> assertThat(l).contains("topic:Earnings"));
    }
  }

  @Test
  void replayFromTheBeginningSendsNothingTwice() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      Map<String, Object> client = client(broker);
      send(client, Alerts.firing("entity:ACME", windowEnd), Alerts.firing("topic:Earnings", windowEnd));
      ByteArrayOutputStream first = new ByteArrayOutputStream();
      try (Notifier notifier = start(client, GROUP, first)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(first).size() == 2);
        assertThat(notifier.state()).isEqualTo(Notifier.State.RUNNING);
      }

      resetToBeginning(client, GROUP);
      ByteArrayOutputStream reset = new ByteArrayOutputStream();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (Notifier restarted = start(client, GROUP, reset, registry)) {
        // Both alerts are read again and recognised as delivered.
        await().atMost(Duration.ofSeconds(60))
            .until(() -> registry.get("bellwether.notifier.already.delivered").counter().count() == 2.0);
        send(client, Alerts.firing("entity:BETA", windowEnd));
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(reset).size() == 1);
        assertThat(restarted.state()).isEqualTo(Notifier.State.RUNNING);
      }
      assertThat(lines(reset)).singleElement().satisfies(l -> assertThat(l).contains("new entity:BETA"));

      ByteArrayOutputStream replay = new ByteArrayOutputStream();
      SimpleMeterRegistry replayRegistry = new SimpleMeterRegistry();
      try (Notifier newGroup = start(client, GROUP + "-replay", replay, replayRegistry)) {
        await().atMost(Duration.ofSeconds(60))
            .until(() -> replayRegistry.get("bellwether.notifier.already.delivered").counter().count() == 3.0);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> lines(replay).isEmpty());
        assertThat(newGroup.state()).isEqualTo(Notifier.State.RUNNING);
      }
    }
  }

  private static void resetToBeginning(Map<String, Object> client, String group) throws Exception {
    try (Admin admin = Admin.create(client)) {
      Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
      admin.describeTopics(List.of(Topics.ALERTS.name())).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(Topics.ALERTS.name()).partitions()
          .forEach(p -> zero.put(new TopicPartition(Topics.ALERTS.name(), p.partition()), new OffsetAndMetadata(0)));
      admin.alterConsumerGroupOffsets(group, zero).all().get(30, TimeUnit.SECONDS);
      assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
          .values()).allSatisfy(o -> assertThat(o.offset()).isZero());
    }
  }

  /** The shipped settings with a short group wait, so the test does not wait 30 seconds per message. */
  static NotifierConfig quick(NotifierConfig c) {
    return new NotifierConfig(c.console(), c.maxAlertAge(), c.email(), c.webhooks(), c.retry(), c.routing(),
        new NotifierConfig.Grouping(c.grouping().by(), Duration.ofMillis(200), Duration.ofMillis(200),
            c.grouping().sendResolved()),
        c.silences(), c.rateLimit());
  }

  static Map<String, Object> client(EmbeddedKafkaBroker broker) {
    Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
    TopicAdmin.ensureTopics(client, Topics.all(), 1, (short) 1, Duration.ofSeconds(30));
    return client;
  }

  private Notifier start(Map<String, Object> client, String group, ByteArrayOutputStream out) {
    return start(client, group, out, new SimpleMeterRegistry());
  }

  private Notifier start(Map<String, Object> client, String group, ByteArrayOutputStream out,
      SimpleMeterRegistry registry) {
    return Notifier.start(client, group, config, registry, Clock.systemUTC(),
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  static List<String> lines(ByteArrayOutputStream out) {
    return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> l.startsWith("ALERT")).toList();
  }

  static void send(Map<String, Object> client, Alert... alerts) {
    Properties p = new Properties();
    p.putAll(client);
    p.put("enable.idempotence", true);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (Alert alert : alerts) {
        producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.id(), Topics.ALERTS.valueSerde().codec().encode(alert)));
      }
    }
  }
}
