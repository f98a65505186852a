package dev.bellwether.launcher;

import dev.bellwether.kafka.Ticks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.kafka.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One component on its own against an existing cluster, as `run --bootstrap-servers ... --only
 * classifier` starts it: raw items are scored, unreadable records go to the dead-letter topic.
 */
class ComponentsIT {

  @TempDir Path dir;

  @Test
  void classifierAloneScoresRawItemsAndDeadLettersUnreadableOnes() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0)) {
      BellwetherConfig config =
          new ConfigLoader()
              .load(null, Map.of(
                  "BELLWETHER_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                  "BELLWETHER_DATA_DIR", dir.resolve("state").toString(),
                  "BELLWETHER_METRICS_ENABLED", "false"));
      try (Pipeline classifier =
          Pipeline.start(config, EnumSet.of(Component.CLASSIFIER), new PrintStream(PrintStream.nullOutputStream()),
              Clock.systemUTC())) {
        assertThat(classifier.bootstrapServers()).isEqualTo(broker.bootstrapServers());
        Instant published = Instant.parse("2026-11-29T09:30:00Z");
        RawNewsItem item =
            RawNewsItem.of("item-1", "test", "https://news.test/acme", "Acme Corp shares plunge after fraud probe", "",
                published, published, List.of("ACME"));
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
          producer.send(new ProducerRecord<>(Topics.RAW.name(), null, published.toEpochMilli(), item.storyId(),
              Topics.RAW.valueSerde().codec().encode(item)));
          producer.send(new ProducerRecord<>(Topics.RAW.name(), "bad", "{\"title\": 42".getBytes(StandardCharsets.UTF_8)));
        }

        ConsumerRecord<String, String> scored = readOne(broker, Topics.SCORED.name());
        ScoredNewsItem value = Topics.SCORED.valueSerde().codec().decode(scored.value().getBytes(StandardCharsets.UTF_8));
        assertThat(scored.key()).isEqualTo("item-1");
        // The broker stamps records when it appends them; publication time is in the payload.
        assertThat(scored.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
        assertThat(value.sentiment().label()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(value.model().display()).startsWith("bge-small-en-v1.5-ft+heads@");

        ConsumerRecord<String, String> dead = readOne(broker, Topics.DEAD_LETTER.name());
        DeadLetter letter = Topics.DEAD_LETTER.valueSerde().codec().decode(dead.value().getBytes(StandardCharsets.UTF_8));
        assertThat(letter.stage()).isEqualTo("classifier");
        assertThat(letter.sourceTopic()).isEqualTo(Topics.RAW.name());
        assertThat(letter.reason()).isNotBlank();
        assertThat(letter.payload()).isEqualTo("{\"title\": 42");
      }
    }
  }

  private static KafkaProducer<String, byte[]> producer(EmbeddedKafkaBroker broker) {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static ConsumerRecord<String, String> readOne(EmbeddedKafkaBroker broker, String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "components-it-" + topic);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (!Ticks.isTick(r.headers())) {
            records.add(r);
          }
        });
        return !records.isEmpty();
      });
    }
    assertThat(records).hasSize(1);
    return records.get(0);
  }
}
