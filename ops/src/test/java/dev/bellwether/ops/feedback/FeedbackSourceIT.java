package dev.bellwether.ops.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.classifier.train.FeedbackCorrection;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.Sentiment;
import dev.bellwether.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --with-feedback} reading the feedback topic of a real broker: committed label corrections only. */
class FeedbackSourceIT {

  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

  @TempDir Path dir;

  @Test
  void readsCommittedLabelCorrectionsWithOffsetsAndSkipsAbortedAndUndecodableRecords() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
      Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
      try (Admin admin = Admin.create(client)) {
        admin.createTopics(List.of(new NewTopic(Topics.FEEDBACK.name(), 1, (short) 1))).all().get();
      }
      Map<String, Object> config = new HashMap<>(client);
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "feedback-it");
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(record("a", "Acme narrows loss", Sentiment.NEUTRAL, T0));
        producer.send(record("a", "Acme narrows loss", Sentiment.POSITIVE, T0.plusSeconds(60)));
        producer.send(new ProducerRecord<>(Topics.FEEDBACK.name(), "x", "not json".getBytes(StandardCharsets.UTF_8)));
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(record("b", "Globex narrows loss", Sentiment.POSITIVE, T0));
        producer.flush();
        producer.abortTransaction();
      }

      long[] skipped = {0};
      List<FeedbackCorrection> read = FeedbackSource.read(client, skipped);

      assertThat(read).extracting(FeedbackCorrection::itemId).containsExactly("a", "a");
      assertThat(read).extracting(FeedbackCorrection::offset).containsExactly(0L, 1L);
      assertThat(skipped[0]).isEqualTo(1);
      assertThat(FeedbackCorrection.latest(read)).singleElement()
          .extracting(FeedbackCorrection::sentiment).isEqualTo(Sentiment.POSITIVE);
    }
  }

  private static ProducerRecord<String, byte[]> record(String item, String text, Sentiment to, Instant at) {
    Feedback f = new Feedback(1, item + "-" + at.getEpochSecond(), Feedback.Kind.LABEL, "alice", at,
        new Feedback.Item(item, item, text, "", "", "wire", at, List.of()),
        new Feedback.Prediction(new ModelId("m", "v1", "0".repeat(64)), "Financials", 0.8, Sentiment.NEGATIVE, -0.9),
        new Feedback.Correction(null, to), null, null, "");
    return new ProducerRecord<>(Topics.FEEDBACK.name(), f.key(), Topics.FEEDBACK.valueSerde().codec().encode(f));
  }
}
