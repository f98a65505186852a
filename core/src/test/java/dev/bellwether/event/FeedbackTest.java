package dev.bellwether.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.kafka.Json;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedbackTest {

  private static final Instant T = Instant.parse("2026-11-30T03:00:00Z");
  private static final ModelId MODEL = new ModelId("bge-small-en-v1.5+heads", "2026-11-29.1", "7d1895091dfd00");

  private final JsonCodec<Feedback> codec = Topics.FEEDBACK.valueSerde().codec();

  @Test
  void aLabelCorrectionCarriesTextModelPredictionAndCorrectionOnTheWire() throws Exception {
    RawNewsItem raw = RawNewsItem.of("n1", "wire", "http://example.org/n1", "Acme beats estimates", "", T, T,
        List.of("ACME"));
    ScoredNewsItem scored = new ScoredNewsItem(1, raw, MODEL,
        new TopicPrediction("Stock Movement", 0.6, Map.of("Stock Movement", 0.6, "Earnings", 0.4)),
        SentimentPrediction.fromProbabilities(0.7, 0.2, 0.1), List.of(), T);
    Feedback f = new Feedback(0, "f1", Feedback.Kind.LABEL, "alice", T, Feedback.Item.of(raw),
        Feedback.Prediction.of(scored), new Feedback.Correction("Earnings", Sentiment.POSITIVE), null, null, null);

    JsonNode json = Json.mapper().readTree(codec.encode(f));

    assertThat(json.get("schema_version").asInt()).isEqualTo(Feedback.SCHEMA_VERSION);
    assertThat(json.get("kind").asText()).isEqualTo("label");
    assertThat(json.at("/item/text").asText()).isEqualTo("Acme beats estimates");
    assertThat(json.at("/prediction/model/version").asText()).isEqualTo("2026-11-29.1");
    assertThat(json.at("/prediction/sentiment").asText()).isEqualTo("negative");
    assertThat(json.at("/correction/topic").asText()).isEqualTo("Earnings");
    assertThat(json.at("/correction/sentiment").asText()).isEqualTo("positive");
    assertThat(codec.decode(codec.encode(f))).isEqualTo(f);
    assertThat(f.key()).isEqualTo("n1");
  }

  @Test
  void alertFeedbackIsKeyedByTheAlertAndASilenceNeedsItsId() {
    Feedback.AlertRef ref =
        new Feedback.AlertRef("a1", "entity:ACME", "negative-spike", 2, Alert.Severity.WARNING, List.of());

    Feedback useful = new Feedback(1, "f2", Feedback.Kind.ALERT_FALSE_ALARM, "bob", T, null, null, null, ref, null, "");

    assertThat(useful.key()).isEqualTo("a1");
    assertThat(codec.encodeToString(useful)).contains("\"kind\":\"alert-false-alarm\"");
    assertThatThrownBy(() -> new Feedback(1, "f3", Feedback.Kind.ALERT_SILENCED, "bob", T, null, null, null, ref, null,
        "")).hasMessageContaining("silence_id");
    assertThatThrownBy(() -> new Feedback(1, "f4", Feedback.Kind.LABEL, "bob", T, null, null, null, null, null, ""))
        .hasMessageContaining("needs item, prediction and correction");
    assertThatThrownBy(() -> new Feedback.Correction(" ", null)).hasMessageContaining("a topic or a sentiment");
  }
}
