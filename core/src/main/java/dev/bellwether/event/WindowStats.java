package dev.bellwether.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Sentiment statistics of one scope over one event-time window: the value of the
 * {@code sentiment.windows} topic, keyed by {@link Scope#key()}.
 *
 * <p>Near-duplicate copies of a story count once in {@code stories} and {@code negativeStories};
 * {@code negativeShare} is {@code negativeStories / stories}.
 *
 * @param schemaVersion version of this contract
 * @param scope the scope key, e.g. {@code entity:ACME}
 * @param windowStart inclusive start of the window
 * @param windowEnd exclusive end of the window
 * @param items items counted, copies included
 * @param negative items labelled negative
 * @param neutral items labelled neutral
 * @param positive items labelled positive
 * @param stories distinct stories
 * @param negativeStories distinct stories with at least one negative item
 * @param negativeShare {@code negativeStories / stories}, 0 when empty
 * @param meanScore mean sentiment score over items
 * @param topNegative the most negative headlines of the window, most negative first
 * @param models display ids of the models whose scores are in the window
 * @param timeline the event-time timeline of its news: {@code live}, or an import's (absent in older
 *     records: live)
 */
public record WindowStats(
    int schemaVersion,
    String scope,
    Instant windowStart,
    Instant windowEnd,
    long items,
    long negative,
    long neutral,
    long positive,
    long stories,
    long negativeStories,
    double negativeShare,
    double meanScore,
    List<Headline> topNegative,
    List<String> models,
    String timeline) {

  /** The contract version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  /** Checks the window and copies the lists. */
  public WindowStats {
    schemaVersion = SchemaVersions.check(schemaVersion, SCHEMA_VERSION, "WindowStats");
    RawNewsItem.requireText(scope, "scope");
    Objects.requireNonNull(windowStart, "window_start is missing");
    Objects.requireNonNull(windowEnd, "window_end is missing");
    topNegative = topNegative == null ? List.of() : List.copyOf(topNegative);
    models = models == null ? List.of() : List.copyOf(models);
    timeline = Timelines.orLive(timeline);
  }

  /** A window of live news. */
  public WindowStats(int schemaVersion, String scope, Instant windowStart, Instant windowEnd, long items,
      long negative, long neutral, long positive, long stories, long negativeStories, double negativeShare,
      double meanScore, List<Headline> topNegative, List<String> models) {
    this(schemaVersion, scope, windowStart, windowEnd, items, negative, neutral, positive, stories, negativeStories,
        negativeShare, meanScore, topNegative, models, Tick.LIVE);
  }

  /** Whether its news is live rather than imported history. */
  public boolean live() {
    return Timelines.isLive(timeline);
  }
}
