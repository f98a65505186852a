package dev.bellwether.alerts.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.event.EntitySentiment;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.Scope;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeFanOutTest {

  private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");
  private static final SentimentPrediction NEUTRAL = SentimentPrediction.fromProbabilities(0.1, 0.8, 0.1);
  private static final SentimentPrediction NEGATIVE = SentimentPrediction.fromProbabilities(0.9, 0.05, 0.05);

  private static ScoredNewsItem item(List<EntitySentiment> entitySentiments) {
    RawNewsItem raw = new RawNewsItem(RawNewsItem.SCHEMA_VERSION, "a", null, true, "wire", "https://n.example/a",
        "Adani shares fall; Tata rises", "", T, T, List.of("ADANI", "TATA"), "en");
    return new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, raw, new ModelId("m", "1", "abcdef0123456789"),
        new TopicPrediction("Markets", 0.9, Map.of()), NEUTRAL, List.of(), T, 1, entitySentiments);
  }

  @Test
  void anEntityScopeGetsTheEntitysOwnSentimentAndOtherScopesTheItems() {
    ScoredNewsItem scored = item(List.of(new EntitySentiment("ADANI", "Adani", NEGATIVE)));
    assertThat(ScopeFanOut.countedIn(Scope.entity("ADANI"), scored).sentiment()).isEqualTo(NEGATIVE);
    assertThat(ScopeFanOut.countedIn(Scope.entity("ADANI"), scored).item()).isEqualTo(scored.item());
    assertThat(ScopeFanOut.countedIn(Scope.entity("TATA"), scored)).as("no sentiment of its own").isSameAs(scored);
    assertThat(ScopeFanOut.countedIn(Scope.MARKET, scored)).isSameAs(scored);
    assertThat(ScopeFanOut.countedIn(Scope.topic("Markets"), scored)).isSameAs(scored);
  }

  @Test
  void anItemOfAModelWithoutEntitySentimentCountsWithItsOwnEverywhere() {
    ScoredNewsItem scored = item(List.of());
    for (Scope scope : ScopeFanOut.ALL.scopesOf(scored)) {
      assertThat(ScopeFanOut.countedIn(scope, scored)).as(scope.key()).isSameAs(scored);
    }
  }

  private static ScoredNewsItem item(String topic, List<String> entities, List<String> flags) {
    RawNewsItem raw = new RawNewsItem(1, "i", "i", true, "wire", "https://n.example/i", "title", "", T, T, entities, "en");
    return new ScoredNewsItem(1, raw, new ModelId("m", "1", "abc"), new TopicPrediction(topic, 0.9, Map.of()),
        SentimentPrediction.fromProbabilities(0.8, 0.1, 0.1), flags, T);
  }

  @Test
  void countsAStoryInTheMarketOnlyWhenItsTopicIsAMarketTopic() {
    ScopeFanOut fanOut = new ScopeFanOut(Set.of("Markets", "Macro"), Set.of());
    assertThat(fanOut.scopesOf(item("Markets", List.of("ACME"), List.of())))
        .containsExactly(Scope.topic("Markets"), Scope.entity("ACME"), Scope.MARKET);
    assertThat(fanOut.scopesOf(item("Earnings", List.of("ACME", "ACME"), List.of())))
        .containsExactly(Scope.topic("Earnings"), Scope.entity("ACME"));
    assertThat(ScopeFanOut.ALL.scopesOf(item("Earnings", List.of(), List.of())))
        .containsExactly(Scope.topic("Earnings"), Scope.MARKET);
  }

  @Test
  void countsAnItemWhoseScoresAreGuessesNowhere() {
    ScopeFanOut fanOut = new ScopeFanOut(Set.of(), Set.of("not-english"));
    assertThat(fanOut.scopesOf(item("Markets", List.of("ACME"), List.of("truncated", "not-english")))).isEmpty();
    assertThat(fanOut.recordsOf(item("Markets", List.of(), List.of("truncated")))).hasSize(2);
  }
}
