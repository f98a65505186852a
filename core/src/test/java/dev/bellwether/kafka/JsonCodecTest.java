package dev.bellwether.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  private static final Instant T = Instant.parse("2026-11-29T10:15:30Z");

  private final JsonCodec<RawNewsItem> raw = new JsonCodec<>(RawNewsItem.class);

  @Test
  void rawItemRoundTripsWithSnakeCaseAndIsoTimes() throws Exception {
    RawNewsItem item =
        RawNewsItem.of("id1", "wire", "https://x.test/a", "Acme beats", "", T, T.plusSeconds(5), List.of("ACME"));
    String json = raw.encodeToString(item);
    assertThat(json).contains("\"schema_version\":1", "\"published_at\":\"2026-11-29T10:15:30Z\"", "\"story_id\":\"id1\"");
    assertThat(raw.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(item);
  }

  @Test
  void unknownFieldsAreTolerated() throws Exception {
    String json = "{\"schema_version\":1,\"id\":\"a\",\"title\":\"t\",\"published_at\":\"2026-11-29T10:15:30Z\",\"shiny_new_field\":[1,2]}";
    RawNewsItem item = raw.decode(json.getBytes(StandardCharsets.UTF_8));
    assertThat(item.id()).isEqualTo("a");
    assertThat(item.storyId()).isEqualTo("a");
    assertThat(item.entities()).isEmpty();
  }

  @Test
  void aSchemaVersionNewerThanKnownIsRefusedWithAReason() {
    String json = "{\"schema_version\":2,\"id\":\"a\",\"title\":\"t\",\"published_at\":\"2026-11-29T10:15:30Z\"}";
    assertThat(Decoded.of(raw, json.getBytes(StandardCharsets.UTF_8)).error())
        .contains("schema_version 2 is newer than the RawNewsItem version this Bellwether reads (1)", "upgrade");
    String scored = "{\"schema_version\":7,\"item\":{\"id\":\"a\",\"title\":\"t\",\"published_at\":\"2026-11-29T10:15:30Z\"}}";
    assertThat(Decoded.of(new JsonCodec<>(dev.bellwether.event.ScoredNewsItem.class), scored.getBytes(StandardCharsets.UTF_8))
        .error()).contains("schema_version 7 is newer");
  }

  @Test
  void eventTimeIsReadFromThePayloadOfItemsWindowsAndAlerts() {
    byte[] item = raw.encode(RawNewsItem.of("id1", "wire", "https://x.test/a", "Acme beats", "", T, T, List.of()));
    assertThat(EventTime.of(item, 1L)).isEqualTo(T.toEpochMilli());
    String scored = "{\"model\":{\"a\":[1]},\"item\":{\"id\":\"a\",\"published_at\":\"1990-01-02T03:04:05Z\"}}";
    assertThat(EventTime.of(scored.getBytes(StandardCharsets.UTF_8), 1L))
        .isEqualTo(java.time.Instant.parse("1990-01-02T03:04:05Z").toEpochMilli());
    String window = "{\"scope\":\"market\",\"window_start\":\"2026-11-29T10:00:00Z\",\"window_end\":\"2026-11-29T10:15:00Z\"}";
    assertThat(EventTime.of(window.getBytes(StandardCharsets.UTF_8), 1L))
        .isEqualTo(java.time.Instant.parse("2026-11-29T10:15:00Z").toEpochMilli());
    assertThat(EventTime.of("{not json".getBytes(StandardCharsets.UTF_8), 7L)).isEqualTo(7L);
    assertThat(EventTime.of("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8), 7L)).isEqualTo(7L);
  }

  @Test
  void badRecordsGiveReadableReasons() {
    assertThat(Decoded.of(raw, "{not json".getBytes(StandardCharsets.UTF_8)).error()).contains("unreadable RawNewsItem JSON");
    assertThat(Decoded.of(raw, "{\"title\":\"t\",\"published_at\":\"2026-11-29T10:15:30Z\"}".getBytes(StandardCharsets.UTF_8)).error())
        .contains("id is missing");
    assertThat(Decoded.of(raw, new byte[0]).error()).isEqualTo("empty payload");
    assertThat(Decoded.of(raw, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}).error()).isNotNull();
    assertThat(Decoded.of(raw, "{\"id\":\"a\",\"title\":\"t\",\"published_at\":12}".getBytes(StandardCharsets.UTF_8)).ok())
        .as("numeric epoch seconds are accepted as a time")
        .isTrue();
    assertThat(Decoded.of(raw, "{\"id\":\"a\",\"title\":\"t\",\"published_at\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8)).error())
        .contains("yesterday").contains("at field published_at");
    assertThat(Decoded.of(raw, "{\"id\":\"a\",\"title\":{\"x\":1},\"published_at\":12}".getBytes(StandardCharsets.UTF_8))
        .error()).contains("at field title");
  }

  @Test
  void reasonsSayWhereWithoutParserInternals() {
    String unclosed = Decoded.of(raw, "{\"id\": \"a\"".getBytes(StandardCharsets.UTF_8)).error();
    assertThat(unclosed).isEqualTo("unreadable RawNewsItem JSON: Unexpected end-of-input: expected close marker for"
        + " Object (start marker at line 1, column 1) (line 1, column 11)");
    assertThat(Decoded.of(raw, "{nope}".getBytes(StandardCharsets.UTF_8)).error())
        .doesNotContain("StreamReadFeature").doesNotContain("Source").endsWith("(line 1, column 2)");
  }

  @Test
  void scoredItemAndAlertRoundTrip() throws Exception {
    ModelId model = new ModelId("bge-small+heads", "1", "abcdef0123456789");
    RawNewsItem item = RawNewsItem.of("id1", "wire", "https://x.test/a", "Acme plunges", "", T, T, List.of("ACME"));
    ScoredNewsItem scored =
        new ScoredNewsItem(
            1, item, model, new TopicPrediction("Legal | Regulation", 0.7, Map.of("Legal | Regulation", 0.7)),
            SentimentPrediction.fromProbabilities(0.8, 0.15, 0.05), List.of(), T);
    JsonCodec<ScoredNewsItem> codec = new JsonCodec<>(ScoredNewsItem.class);
    assertThat(codec.decode(codec.encode(scored))).isEqualTo(scored);
    assertThat(codec.encodeToString(scored)).contains("\"label\":\"negative\"");

    Alert alert =
        new Alert(1, Alert.idOf("negative-spike", "entity:ACME", T), "negative-spike", "entity:ACME",
            Alert.Severity.CRITICAL, Alert.Status.FIRING, T, T, T.plusSeconds(900), 0.7, 0.1, 9, 1.2, 7.5, 7.0,
            List.of(Headline.of(scored)), List.of(model.display()), 1, T.plusSeconds(900));
    JsonCodec<Alert> alerts = new JsonCodec<>(Alert.class);
    assertThat(alerts.decode(alerts.encode(alert))).isEqualTo(alert);
    assertThat(alerts.encodeToString(alert)).contains("\"severity\":\"critical\"", "\"status\":\"firing\"");
  }

  @Test
  void scoredItemKeepsItsChunkCountAndOlderRecordsReadAsOneChunk() throws Exception {
    ModelId model = new ModelId("bge-small+heads", "1", "abcdef0123456789");
    RawNewsItem item = RawNewsItem.of("id2", "wire", "https://x.test/b", "Acme plunges", "Long body.", T, T, List.of());
    ScoredNewsItem scored = new ScoredNewsItem(1, item, model, new TopicPrediction("Legal | Regulation", 0.7, Map.of()),
        SentimentPrediction.fromProbabilities(0.8, 0.15, 0.05), List.of("truncated"), T, 5);
    JsonCodec<ScoredNewsItem> codec = new JsonCodec<>(ScoredNewsItem.class);

    assertThat(codec.decode(codec.encode(scored)).chunks()).isEqualTo(5);
    String older = codec.encodeToString(scored).replace(",\"chunks\":5", "");
    assertThat(older).doesNotContain("chunks");
    assertThat(codec.decode(older.getBytes(StandardCharsets.UTF_8)).chunks()).isEqualTo(1);
  }

  @Test
  void alertIdIsDeterministicPerRuleScopeAndEpisode() {
    assertThat(Alert.idOf("r", "entity:ACME", T)).isEqualTo(Alert.idOf("r", "entity:ACME", T));
    assertThat(Alert.idOf("r", "entity:ACME", T)).isNotEqualTo(Alert.idOf("r", "entity:ACME", T.plusSeconds(60)));
    assertThat(Alert.idOf("r", "entity:ACME", T)).hasSize(20);
  }
}
