package dev.bellwether.alerts;

import dev.bellwether.alerts.spike.ScopeState;
import dev.bellwether.alerts.spike.SpikeDetector;
import dev.bellwether.alerts.time.ScopeEvent;
import dev.bellwether.alerts.time.TimelineClock;
import dev.bellwether.alerts.window.Bins;
import dev.bellwether.alerts.window.ClosedWindow;
import dev.bellwether.alerts.window.ScopeFanOut;
import dev.bellwether.alerts.window.WindowAccumulator;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.config.WindowConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Scope;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Tick;
import dev.bellwether.event.Timelines;
import dev.bellwether.event.WindowStats;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The alerting of one partition of the by-scope stream, without Kafka: scope copies of scored
 * items go into per-advance bins; ticks move each timeline's watermark; every window whose end
 * plus grace the watermark has passed is merged from its bins, published, and measured by the
 * {@link SpikeDetector} against its scope's baseline. The Streams app runs it over state stores
 * ({@link AlertingProcessor}); replay, backtest and the benchmarks run it over memory.
 *
 * <p>Each timeline (live news, or one import of history) has its own watermark, windows and
 * baselines, so history never looks late to live news nor teaches live baselines, and its
 * windows and alerts say which timeline they belong to. An item is late only when every window
 * it falls in has closed on its own timeline.
 */
public final class AlertEngine {

  /** Where the engine's results go. */
  public interface Sink {
    /** A closed window of {@code scope}. */
    void window(String scope, WindowStats stats);

    /** An alert revision. */
    void alert(Alert alert);

    /** A scope copy of an item that came after all its windows closed. */
    void late(String scope, ScoredNewsItem item);
  }

  /** The spike detector's state per scope and timeline. */
  public interface ScopeStates {
    /** The state at {@code key}, or null. */
    ScopeState get(String key);

    /** Stores {@code state} at {@code key}. */
    void put(String key, ScopeState state);

    /** Removes every state whose key starts with {@code prefix}. */
    void deletePrefix(String prefix);

    /** States held in {@code states}, a map the caller owns. */
    static ScopeStates of(Map<String, ScopeState> states) {
      return new ScopeStates() {
        @Override
        public ScopeState get(String key) {
          return states.get(key);
        }

        @Override
        public void put(String key, ScopeState state) {
          states.put(key, state);
        }

        @Override
        public void deletePrefix(String prefix) {
          states.keySet().removeIf(k -> k.startsWith(prefix));
        }
      };
    }
  }

  /** The clock of each timeline. */
  public interface Clocks {
    /** The clock of {@code timeline}, or null when it was never seen. */
    TimelineClock get(String timeline);

    /** Stores the clock of {@code timeline}. */
    void put(String timeline, TimelineClock clock);

    /** Clocks read with {@code get} and stored with {@code put}: a map's or a key-value store's. */
    static Clocks of(Function<String, TimelineClock> get, BiConsumer<String, TimelineClock> put) {
      return new Clocks() {
        @Override
        public TimelineClock get(String timeline) {
          return get.apply(timeline);
        }

        @Override
        public void put(String timeline, TimelineClock clock) {
          put.accept(timeline, clock);
        }
      };
    }
  }

  /**
   * Scopes whose windows are alike: the general windows ({@code ""}) or a kind with windows of its
   * own, named after the kind. Bins and closing progress are kept per group.
   */
  private record Group(String name, long size, long advance, long grace) {}

  private final int topHeadlines;
  private final int sources;
  private final Bins bins;
  private final ScopeStates states;
  private final Clocks clocks;
  private final SpikeDetector detector;
  private final Sink sink;
  private final AlertingMeters meters;
  private final Map<Scope.Kind, Group> groups = new EnumMap<>(Scope.Kind.class);
  private final Map<String, Group> distinct = new LinkedHashMap<>();

  /**
   * An engine for {@code config} whose input comes from {@code sources} partitions (each timeline's
   * watermark waits for all of them), keeping its state in {@code bins}, {@code states} and
   * {@code clocks} and sending its results to {@code sink}.
   */
  public AlertEngine(AlertsConfig config, int sources, Bins bins, ScopeStates states, Clocks clocks, Sink sink,
      AlertingMeters meters) {
    if (sources < 1) {
      throw new IllegalArgumentException("sources must be at least 1, was " + sources);
    }
    this.topHeadlines = config.topHeadlines();
    this.sources = sources;
    this.bins = bins;
    this.states = states;
    this.clocks = clocks;
    this.detector = new SpikeDetector(config.spike(), config.window());
    this.sink = sink;
    this.meters = meters;
    WindowConfig general = config.window();
    WindowConfig plain = new WindowConfig(general.size(), general.advance(), general.grace());
    for (Map.Entry<Scope.Kind, WindowConfig> e : general.kinds().entrySet()) {
      WindowConfig w = e.getValue();
      String name = w.equals(plain) ? "" : e.getKey().name().toLowerCase(java.util.Locale.ROOT);
      Group group = distinct.computeIfAbsent(name, n -> new Group(n, w.size().toMillis(), w.advance().toMillis(),
          w.grace().toMillis()));
      groups.put(e.getKey(), group);
    }
  }

  /** Handles one record of the by-scope stream keyed by {@code key}: an item's scope copy or a tick. */
  public void accept(String key, ScopeEvent event) {
    if (event.hasTick()) {
      tick(event.source(), event.tick());
    } else if (event.item() != null && key != null) {
      item(key, event.item());
    }
  }

  /**
   * Adds {@code item} to its bin in {@code scope}, with the sentiment it has there (an entity's
   * own, {@link ScopeFanOut#countedIn}), or reports it late.
   */
  public void item(String scope, ScoredNewsItem item) {
    Scope parsed = Scope.parse(scope);
    ScoredNewsItem scored = ScopeFanOut.countedIn(parsed, item);
    String timeline = scored.item().timeline();
    Group group = groups.get(parsed.kind());
    long at = scored.item().publishedAt().toEpochMilli();
    long start = Math.floorDiv(at, group.advance()) * group.advance();
    TimelineClock clock = clocks.get(timeline);
    if (clock != null && (clock.finished() || start + group.size() <= clock.closedThrough(group.name()))) {
      meters.lateItems.increment();
      sink.late(scope, scored);
      return;
    }
    byte[] key = Bins.key(timeline, group.name(), start, scope);
    WindowAccumulator bin = bins.get(key);
    bins.put(key, (bin == null ? WindowAccumulator.empty() : bin).add(scored, topHeadlines));
  }

  /** Moves {@code source}'s time on the tick's timeline and closes every window the watermark passed. */
  public void tick(int source, Tick tick) {
    String timeline = tick.timeline();
    TimelineClock before = clocks.get(timeline);
    if (before != null && before.finished()) {
      return;
    }
    TimelineClock clock = (before == null ? TimelineClock.start() : before)
        .withSource(source, tick.time().toEpochMilli(), tick.end());
    long watermark = clock.watermark(sources);
    for (Group group : distinct.values()) {
      clock = close(timeline, group, watermark, clock);
    }
    if (watermark == Long.MAX_VALUE) {
      clock = clock.finish();
      if (!Timelines.isLive(timeline)) {
        states.deletePrefix(stateKey(timeline, ""));
      }
    }
    if (!clock.equals(before)) {
      clocks.put(timeline, clock);
    }
  }

  /**
   * Closes the windows of {@code group} on {@code timeline} that end at or before the watermark
   * less grace: only ends at which some bin is in the window, oldest first.
   */
  private TimelineClock close(String timeline, Group group, long watermark, TimelineClock clock) {
    if (watermark == Long.MIN_VALUE) {
      return clock;
    }
    long target = watermark == Long.MAX_VALUE
        ? Long.MAX_VALUE
        : Math.floorDiv(watermark - group.grace(), group.advance()) * group.advance();
    long closed = clock.closedThrough(group.name());
    if (target <= closed) {
      return clock;
    }
    byte[] upper = Bins.from(timeline, group.name(), Long.MAX_VALUE);
    long end = closed == Long.MIN_VALUE ? Long.MIN_VALUE : closed + group.advance();
    Long since = clock.watchingSince();
    while (true) {
      long from = end == Long.MIN_VALUE ? Long.MIN_VALUE : end - group.size();
      byte[] first = bins.firstKey(Bins.from(timeline, group.name(), from), upper);
      if (first == null) {
        break;
      }
      long next = Bins.startOf(first, timeline, group.name()) + group.advance();
      end = end == Long.MIN_VALUE ? next : Math.max(end, next);
      if (end > target) {
        break;
      }
      if (since == null) {
        since = end;
      }
      emit(timeline, group, end, since);
      // Bins up to the previous window's first one are gone already: starting the delete there
      // keeps each scan off the tombstones of earlier deletes, which a store like RocksDB would
      // otherwise step over again and again.
      long deletedThrough = closed == Long.MIN_VALUE ? Long.MIN_VALUE : closed - group.size();
      deleteBetween(timeline, group, deletedThrough, end - group.size());
      closed = end;
      end += group.advance();
    }
    return clock.withClosed(group.name(), target, since == null ? target : since);
  }

  /**
   * Publishes and measures every scope's window of {@code group} ending at {@code end}, on a
   * timeline this partition has watched since {@code watchingSince}.
   */
  private void emit(String timeline, Group group, long end, long watchingSince) {
    Map<String, WindowAccumulator> windows = new TreeMap<>();
    bins.forEach(Bins.from(timeline, group.name(), end - group.size()), Bins.from(timeline, group.name(), end),
        (key, bin) -> windows.merge(Bins.scopeOf(key, timeline, group.name()), bin,
            (a, b) -> a.merge(b, topHeadlines)));
    boolean live = Timelines.isLive(timeline);
    Instant windowStart = Instant.ofEpochMilli(end - group.size());
    Instant windowEnd = Instant.ofEpochMilli(end);
    Instant lastAdvance = Instant.ofEpochMilli(end - group.advance());
    for (Map.Entry<String, WindowAccumulator> w : windows.entrySet()) {
      String scope = w.getKey();
      WindowStats stats = w.getValue().toStats(scope, windowStart, windowEnd, timeline);
      long[] fresh = w.getValue().newSince(lastAdvance);
      if (live) {
        meters.gauges.record(stats);
      } else {
        meters.historyWindows.increment();
      }
      sink.window(scope, stats);
      String key = stateKey(timeline, scope);
      SpikeDetector.Step step = detector.onWindow(states.get(key),
          new ClosedWindow(stats, fresh[0], fresh[1], w.getValue().newNegativeSources(lastAdvance)), watchingSince);
      states.put(key, step.state());
      for (Alert alert : step.alerts()) {
        // Hook (issue 19): fired/resolved counters, open-alert gauges, and the alerting entity's
        // sentiment gauges kept while it fires, all in AlertingMeters.observe.
        meters.observe(alert);
        sink.alert(alert);
      }
    }
  }

  /** Removes the bins of {@code group} on {@code timeline} starting after {@code after} and at or before {@code last}. */
  private void deleteBetween(String timeline, Group group, long after, long last) {
    java.util.List<byte[]> done = new java.util.ArrayList<>();
    long from = after == Long.MIN_VALUE ? Long.MIN_VALUE : after + 1;
    bins.forEach(Bins.from(timeline, group.name(), from), Bins.from(timeline, group.name(), last + 1),
        (key, bin) -> done.add(key));
    done.forEach(bins::delete);
  }

  /**
   * The key of a scope's detector state: the scope key on the live timeline (as before timelines
   * existed), the timeline and a newline before it on any other.
   */
  static String stateKey(String timeline, String scope) {
    return Timelines.isLive(timeline) ? scope : timeline + "\n" + scope;
  }
}
