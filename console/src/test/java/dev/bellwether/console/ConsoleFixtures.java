package dev.bellwether.console;

import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import dev.bellwether.event.WindowStats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scored items, alerts and windows for the console's tests. */
final class ConsoleFixtures {

  static final ModelId MODEL = new ModelId("test-encoder+heads", "2026-11-30.1", "0123456789abcdef0123");
  static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");

  /** The two classic ways to inject markup through a headline. */
  static final String SCRIPT_TITLE = "<script>window.__pwned = 1</script> Acme Corp";
  static final String IMG_TITLE = "\"><img src=x onerror=\"window.__pwned=2\"> Acme Corp falls";

  private ConsoleFixtures() {}

  static ScoredNewsItem scored(String id, String story, String title, String topic, double negative, double positive,
      String... entities) {
    RawNewsItem raw = new RawNewsItem(RawNewsItem.SCHEMA_VERSION, id, story, id.equals(story), "wire",
        "http://127.0.0.1:1/news/" + id, title, "", T0, T0, List.of(entities), "en");
    Map<String, Double> topics = new LinkedHashMap<>();
    topics.put("Stock Movement", topic.equals("Stock Movement") ? 0.8 : 0.1);
    topics.put("Earnings", topic.equals("Earnings") ? 0.8 : 0.1);
    topics.put("M&A | Investments", topic.equals("M&A | Investments") ? 0.8 : 0.1);
    return new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, raw, MODEL, new TopicPrediction(topic, 0.8, topics),
        SentimentPrediction.fromProbabilities(negative, 1 - negative - positive, positive), List.of(), T0);
  }

  static Alert alert(String scope, int revision, ScoredNewsItem... drivers) {
    List<Headline> headlines = java.util.Arrays.stream(drivers).map(Headline::of).toList();
    return new Alert(Alert.SCHEMA_VERSION, Alert.idOf("negative-spike", scope, T0), "negative-spike", scope,
        Alert.Severity.WARNING, Alert.Status.FIRING, T0, T0, T0.plusSeconds(900), 0.33, 0.08, 11, 2.7, 3.6, 4.1,
        headlines, List.of(MODEL.display()), revision, T0.plusSeconds(900 + revision * 60L));
  }

  static WindowStats window(String scope, int minute, double meanScore) {
    Instant end = T0.plusSeconds(60L * minute);
    return new WindowStats(WindowStats.SCHEMA_VERSION, scope, end.minusSeconds(900), end, 10, 3, 5, 2, 9, 3, 0.33,
        meanScore, List.of(), List.of(MODEL.display()));
  }
}
