package dev.bellwether.alerts.window;

import dev.bellwether.event.Scope;
import dev.bellwether.event.WindowStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of the sentiment in each scope's latest closed window: negative share, mean score and
 * distinct stories, tagged {@code kind} and {@code scope}.
 *
 * <p>Every topic and the market get series; entities only the {@code topEntities} with the highest
 * negative share among those whose latest window is the newest one seen, so the number of series
 * stays bounded however many tickers the news names. An instance reports the scopes of the
 * partitions it processes; dashboards aggregate instances with {@code max by (kind, scope)}.
 */
public final class SentimentGauges {

  static final String NEGATIVE_SHARE = "bellwether.sentiment.negative.share";
  static final String MEAN_SCORE = "bellwether.sentiment.mean.score";
  static final String STORIES = "bellwether.sentiment.stories";

  private final Map<String, WindowStats> latest = new ConcurrentHashMap<>();
  private final int topEntities;
  private final MultiGauge negativeShare;
  private final MultiGauge meanScore;
  private final MultiGauge stories;
  private Instant newestEnd = Instant.MIN;
  private List<String> shown = List.of();
  /** Negative share an entity of the newest window must beat to get series; -1 while places are free. */
  private double entityFloor = -1;

  private SentimentGauges(MeterRegistry registry, int topEntities) {
    this.topEntities = topEntities;
    this.negativeShare =
        MultiGauge.builder(NEGATIVE_SHARE)
            .description("Share of distinct stories that are negative in the scope's latest closed window (0 to 1)")
            .register(registry);
    this.meanScore =
        MultiGauge.builder(MEAN_SCORE)
            .description("Mean sentiment score of the items in the scope's latest closed window (-1 to 1)")
            .register(registry);
    this.stories =
        MultiGauge.builder(STORIES)
            .description("Distinct stories in the scope's latest closed window")
            .baseUnit("stories")
            .register(registry);
  }

  /** Registers the gauges in {@code registry}, with series for at most {@code topEntities} entities. */
  public static SentimentGauges register(MeterRegistry registry, int topEntities) {
    return new SentimentGauges(registry, topEntities);
  }

  /** Takes {@code stats} as its scope's latest window unless a later one was already seen. */
  public synchronized void record(WindowStats stats) {
    WindowStats kept = latest.merge(stats.scope(), stats, (old, next) -> next.windowEnd().isBefore(old.windowEnd()) ? old : next);
    boolean newScope = kept == stats && !shown.contains(stats.scope());
    boolean newWindow = stats.windowEnd().isAfter(newestEnd);
    if (newWindow) {
      newestEnd = stats.windowEnd();
    }
    // Rows are rebuilt only when the set of series may change: values are read at scrape time.
    boolean entity = kindOf(stats) == Scope.Kind.ENTITY;
    boolean entityEnters = entity && newScope && !stats.windowEnd().isBefore(newestEnd) && stats.stories() > 0
        && stats.negativeShare() > entityFloor;
    if (newWindow || (newScope && !entity) || entityEnters) {
      refresh();
    }
  }

  /** The scope keys that have series now, topics and market first. */
  synchronized List<String> shownScopes() {
    return shown;
  }

  private void refresh() {
    List<String> scopes = new ArrayList<>();
    List<WindowStats> entities = new ArrayList<>();
    for (WindowStats s : latest.values()) {
      if (kindOf(s) != Scope.Kind.ENTITY) {
        scopes.add(s.scope());
      } else if (s.stories() > 0 && !s.windowEnd().isBefore(newestEnd)) {
        entities.add(s);
      }
    }
    scopes.sort(Comparator.naturalOrder());
    entities.stream()
        .sorted(Comparator.comparingDouble(WindowStats::negativeShare)
            .thenComparingLong(WindowStats::negativeStories)
            .reversed()
            .thenComparing(WindowStats::scope))
        .limit(topEntities)
        .forEach(s -> scopes.add(s.scope()));
    entityFloor = entities.size() < topEntities || topEntities == 0
        ? (topEntities == 0 ? Double.MAX_VALUE : -1)
        : latest.get(scopes.get(scopes.size() - 1)).negativeShare();
    shown = List.copyOf(scopes);
    negativeShare.register(rows(WindowStats::negativeShare), true);
    meanScore.register(rows(WindowStats::meanScore), true);
    stories.register(rows(s -> s.stories()), true);
  }

  private List<MultiGauge.Row<?>> rows(ToDoubleFunction<WindowStats> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>(shown.size());
    for (String key : shown) {
      Scope scope = Scope.parse(key);
      rows.add(MultiGauge.Row.of(
          Tags.of("kind", scope.kind().name().toLowerCase(java.util.Locale.ROOT), "scope", scope.name()),
          latest,
          m -> {
            WindowStats s = m.get(key);
            return s == null ? Double.NaN : value.applyAsDouble(s);
          }));
    }
    return rows;
  }

  private static Scope.Kind kindOf(WindowStats stats) {
    return Scope.parse(stats.scope()).kind();
  }
}
