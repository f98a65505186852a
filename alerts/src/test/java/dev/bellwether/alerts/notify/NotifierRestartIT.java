package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.config.ConfigLoader;
import dev.bellwether.config.NotifierConfig;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A notifier stopped after delivering and started again never delivers an alert twice. */
class NotifierRestartIT {

  private static final String GROUP = "notifier-restart-it";

  @TempDir Path dir;

  @Test
  void restartedNotifierAnnouncesOnlyWhatItHadNotDelivered() throws Exception {
    NotifierConfig config = new ConfigLoader().load(null, Map.of()).notifier();
    Instant windowEnd = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
      TopicAdmin.ensureTopics(client, Topics.all(), 1, (short) 1, Duration.ofSeconds(30));
      try (KafkaProducer<String, byte[]> producer = producer(broker)) {
        send(producer, alert("entity:ACME", windowEnd, 1, Alert.Status.FIRING));
        send(producer, alert("topic:Earnings", windowEnd, 1, Alert.Status.FIRING));
      }

      ByteArrayOutputStream first = new ByteArrayOutputStream();
      Notifier notifier = start(client, config, first);
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(first).size() == 2);
      } finally {
        notifier.close();
      }
      assertThat(lines(first)).anySatisfy(l -> assertThat(l).contains("new entity:ACME"))
          .anySatisfy(l -> assertThat(l).contains("new topic:Earnings"));

      try (KafkaProducer<String, byte[]> producer = producer(broker)) {
        send(producer, alert("entity:ACME", windowEnd, 2, Alert.Status.RESOLVED));
        send(producer, alert("market", windowEnd, 1, Alert.Status.FIRING));
      }
      ByteArrayOutputStream second = new ByteArrayOutputStream();
      Notifier restarted = start(client, config, second);
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(second).size() >= 2);
        // Nothing more arrives: what the first run delivered is not delivered again.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> lines(second).size() == 2);
      } finally {
        restarted.close();
      }
      assertThat(lines(second)).anySatisfy(l -> assertThat(l).contains("resolved entity:ACME"))
          .anySatisfy(l -> assertThat(l).contains("new market"))
          .noneSatisfy(l -> assertThat(l).contains("topic:Earnings"));
    }
  }

  private static Notifier start(Map<String, Object> client, NotifierConfig config, ByteArrayOutputStream out) {
    return Notifier.start(client, GROUP, config, new SimpleMeterRegistry(), Clock.systemUTC(),
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  private static List<String> lines(ByteArrayOutputStream out) {
    return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> l.startsWith("ALERT")).toList();
  }

  private static Alert alert(String scope, Instant windowEnd, int revision, Alert.Status status) {
    Instant episodeStart = windowEnd.minus(Duration.ofMinutes(15));
    Headline headline = new Headline("i1", "i1", "Acme Corp shares plunge after fraud probe", "https://news.test/1",
        "wire", windowEnd.minusSeconds(30), -0.98);
    return new Alert(Alert.SCHEMA_VERSION, Alert.idOf("negative-spike", scope, episodeStart), "negative-spike", scope,
        Alert.Severity.WARNING, status, episodeStart, episodeStart, windowEnd, 0.4, 0.1, 8, 1.0, 7.0, 4.0,
        List.of(headline), List.of("test-model@1#abc"), revision, windowEnd);
  }

  private static void send(KafkaProducer<String, byte[]> producer, Alert alert) {
    producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.id(), Topics.ALERTS.valueSerde().codec().encode(alert)));
  }

  private static KafkaProducer<String, byte[]> producer(EmbeddedKafkaBroker broker) {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("enable.idempotence", true);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }
}
