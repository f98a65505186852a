package dev.bellwether.alerts.window;

import dev.bellwether.config.AlertsConfig;
import dev.bellwether.event.Scope;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.SentimentPrediction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;

/**
 * The scopes a scored item counts in: its topic, each of its entities once, and the market when
 * its topic is a market topic; none when its scores carry a flag that says the model was guessing.
 * And the sentiment it counts with in each.
 *
 * @param marketTopics topics whose stories count in the market scope; empty for every story
 * @param skipFlags scoring flags of items that count nowhere
 */
public record ScopeFanOut(Set<String> marketTopics, Set<String> skipFlags) {

  /** Every item in its topic, its entities and the market, none skipped. */
  public static final ScopeFanOut ALL = new ScopeFanOut(Set.of(), Set.of());

  /** Copies the sets. */
  public ScopeFanOut {
    marketTopics = Set.copyOf(marketTopics);
    skipFlags = Set.copyOf(skipFlags);
  }

  /** The fan-out {@code config} asks for. */
  public static ScopeFanOut of(AlertsConfig config) {
    return new ScopeFanOut(Set.copyOf(config.marketTopics()), Set.copyOf(config.skipFlags()));
  }

  /** The scopes of {@code scored}, topic first and market last, without repeats; empty when it is skipped. */
  public List<Scope> scopesOf(ScoredNewsItem scored) {
    for (String flag : scored.flags()) {
      if (skipFlags.contains(flag)) {
        return List.of();
      }
    }
    Set<Scope> scopes = new LinkedHashSet<>();
    scopes.add(Scope.topic(scored.topic().label()));
    for (String ticker : scored.item().entities()) {
      if (ticker != null && !ticker.isBlank()) {
        scopes.add(Scope.entity(ticker.trim()));
      }
    }
    if (marketTopics.isEmpty() || marketTopics.contains(scored.topic().label())) {
      scopes.add(Scope.MARKET);
    }
    return List.copyOf(scopes);
  }

  /**
   * {@code scored} as it counts in {@code scope}: in an entity's scope, with that entity's own
   * sentiment ({@link ScoredNewsItem#sentimentOf}), so that "Acme beats estimates as Globex
   * slumps" is negative for Globex only; in other scopes, or when the model gave the entity no
   * sentiment of its own, unchanged.
   */
  public static ScoredNewsItem countedIn(Scope scope, ScoredNewsItem scored) {
    if (scope.kind() != Scope.Kind.ENTITY) {
      return scored;
    }
    SentimentPrediction own = scored.sentimentOf(scope.name());
    if (own.equals(scored.sentiment())) {
      return scored;
    }
    return new ScoredNewsItem(scored.schemaVersion(), scored.item(), scored.model(), scored.topic(), own,
        scored.flags(), scored.scoredAt(), scored.chunks(), scored.entitySentiments());
  }

  /** One record per scope of {@code scored}, keyed by the scope key. */
  public List<KeyValue<String, ScoredNewsItem>> recordsOf(ScoredNewsItem scored) {
    List<KeyValue<String, ScoredNewsItem>> records = new ArrayList<>();
    for (Scope scope : scopesOf(scored)) {
      records.add(KeyValue.pair(scope.key(), scored));
    }
    return records;
  }
}
