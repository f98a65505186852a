package dev.bellwether.alerts.window;

import dev.bellwether.config.WindowConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Scope;
import dev.bellwether.event.WindowStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of the sentiment in each scope's latest closed window: negative share, mean score and
 * distinct stories, tagged {@code kind} and {@code scope}.
 *
 * <p>Series are bounded and current:
 * <ul>
 *   <li>every topic and the market get series while their latest window is current: it ends no
 *       more than one advance before the newest window of their kind (an older one means the
 *       windows since were empty, so it is not exported as if it were now);
 *   <li>entities get series only for the {@code topEntities} with the highest negative share among
 *       those whose latest window is current and holds at least {@code minStories} distinct stories,
 *       so a ticker named in one negative story does not push out a company with ninety;
 *   <li>an entity whose alert is open ({@link #alert}) keeps its series while the alert fires,
 *       whatever its rank, count or age, so that the scope an analyst is looking at never drops out.
 * </ul>
 * An instance reports the scopes of the partitions it processes; dashboards aggregate instances
 * with {@code max by (kind, scope)}.
 */
public final class SentimentGauges {

  static final String NEGATIVE_SHARE = "bellwether.sentiment.negative.share";
  static final String MEAN_SCORE = "bellwether.sentiment.mean.score";
  static final String STORIES = "bellwether.sentiment.stories";

  private final Map<String, WindowStats> latest = new ConcurrentHashMap<>();
  private final int topEntities;
  private final int minStories;
  private final Map<Scope.Kind, Duration> advances = new EnumMap<>(Scope.Kind.class);
  private final Map<Scope.Kind, Instant> newestEnd = new EnumMap<>(Scope.Kind.class);
  private final Set<String> alerting = new LinkedHashSet<>();
  private final MultiGauge negativeShare;
  private final MultiGauge meanScore;
  private final MultiGauge stories;
  private List<String> shown = List.of();

  private SentimentGauges(MeterRegistry registry, int topEntities, int minStories, WindowConfig windows) {
    this.topEntities = topEntities;
    this.minStories = minStories;
    windows.kinds().forEach((kind, w) -> advances.put(kind, w.advance()));
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

  /**
   * Registers the gauges in {@code registry}: series for at most {@code topEntities} entities with
   * at least {@code minStories} stories (and every entity with an open alert), over {@code windows}.
   */
  public static SentimentGauges register(MeterRegistry registry, int topEntities, int minStories,
      WindowConfig windows) {
    return new SentimentGauges(registry, topEntities, minStories, windows);
  }

  /** Gauges over 15-minute windows advancing by a minute, for entities with any story. */
  public static SentimentGauges register(MeterRegistry registry, int topEntities) {
    return register(registry, topEntities, 1, new WindowConfig(Duration.ofMinutes(15), Duration.ofMinutes(1),
        Duration.ZERO));
  }

  /** Takes {@code stats} as its scope's latest window unless a later one was already seen. */
  public synchronized void record(WindowStats stats) {
    Scope.Kind kind = kindOf(stats.scope());
    WindowStats kept = latest.merge(stats.scope(), stats,
        (old, next) -> next.windowEnd().isBefore(old.windowEnd()) ? old : next);
    Instant newest = newestEnd.get(kind);
    boolean newWindow = newest == null || stats.windowEnd().isAfter(newest);
    if (newWindow) {
      newestEnd.put(kind, stats.windowEnd());
    }
    // Rows are rebuilt only when the set of series may change: values are read at scrape time.
    if (newWindow || kept == stats && !shown.contains(stats.scope()) && eligible(stats)) {
      refresh();
    }
  }

  /**
   * Takes an alert revision of a live scope: an entity whose alert fires keeps its series until the
   * alert resolves.
   */
  public synchronized void alert(Alert alert) {
    if (!alert.live() || kindOf(alert.scope()) != Scope.Kind.ENTITY) {
      return;
    }
    boolean changed = alert.status() == Alert.Status.FIRING ? alerting.add(alert.scope()) : alerting.remove(alert.scope());
    if (changed) {
      refresh();
    }
  }

  /** The scope keys that have series now, topics and market first. */
  synchronized List<String> shownScopes() {
    return shown;
  }

  /** Whether a window of this scope could have series: current, and for an entity, enough stories. */
  private boolean eligible(WindowStats s) {
    Scope.Kind kind = kindOf(s.scope());
    if (kind == Scope.Kind.ENTITY && alerting.contains(s.scope())) {
      return true;
    }
    return current(s) && (kind != Scope.Kind.ENTITY || s.stories() >= minStories);
  }

  /** Whether {@code s} ends no more than one advance before the newest window of its kind. */
  private boolean current(WindowStats s) {
    Scope.Kind kind = kindOf(s.scope());
    Instant newest = newestEnd.get(kind);
    return newest == null || !s.windowEnd().plus(advances.get(kind)).isBefore(newest);
  }

  private void refresh() {
    List<String> scopes = new ArrayList<>();
    List<WindowStats> entities = new ArrayList<>();
    for (WindowStats s : latest.values()) {
      if (!eligible(s)) {
        continue;
      }
      if (kindOf(s.scope()) != Scope.Kind.ENTITY) {
        scopes.add(s.scope());
      } else if (!alerting.contains(s.scope())) {
        entities.add(s);
      }
    }
    scopes.sort(Comparator.naturalOrder());
    alerting.stream().filter(latest::containsKey).sorted().forEach(scopes::add);
    entities.stream()
        .sorted(Comparator.comparingDouble(WindowStats::negativeShare)
            .thenComparingLong(WindowStats::negativeStories)
            .reversed()
            .thenComparing(WindowStats::scope))
        .limit(topEntities)
        .forEach(s -> scopes.add(s.scope()));
    // Windows of scopes that can no longer have series are forgotten, so memory stays bounded too.
    latest.keySet().removeIf(key -> !alerting.contains(key) && !current(latest.get(key)));
    if (scopes.equals(shown)) {
      return;
    }
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

  private static Scope.Kind kindOf(String scope) {
    return Scope.parse(scope).kind();
  }
}
