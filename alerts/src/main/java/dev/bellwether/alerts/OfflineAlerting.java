package dev.bellwether.alerts;

import dev.bellwether.alerts.spike.ScopeState;
import dev.bellwether.alerts.time.FanOut;
import dev.bellwether.alerts.time.TimelineClock;
import dev.bellwether.alerts.window.MemoryBins;
import dev.bellwether.alerts.window.ScopeFanOut;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.config.WindowConfig;
import dev.bellwether.event.Scope;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Tick;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The live alerting ({@link AlertEngine}, the same code) run in memory over scored items handed
 * over in event-time order by one reader, without Kafka Streams: {@code replay alerts},
 * {@code backtest} and the benchmarks. State is what the live stage keeps in its stores: the open
 * bins (one window's worth per scope), each scope's baseline, each timeline's clock.
 */
public final class OfflineAlerting {

  private final AlertEngine engine;
  private final MemoryBins bins = new MemoryBins();
  private final Map<String, ScopeState> states = new HashMap<>();
  private final Map<String, TimelineClock> clocks = new HashMap<>();
  private final Collection<WindowConfig> windows;
  private final long maxGrace;
  /** Per timeline: latest event time handed over, and latest ticked. */
  private final Map<String, long[]> times = new HashMap<>();

  /** A run of {@code config}'s alerting sending its results to {@code sink}, counting in {@code registry}. */
  public OfflineAlerting(AlertsConfig config, MeterRegistry registry, AlertEngine.Sink sink) {
    this.engine = new AlertEngine(config, 1, bins, AlertEngine.ScopeStates.of(states),
        AlertEngine.Clocks.of(clocks::get, clocks::put), sink,
        new AlertingMeters(registry, config.gaugeTopEntities()));
    this.windows = config.window().kinds().values();
    this.maxGrace = windows.stream().mapToLong(w -> w.grace().toMillis()).max().orElse(0);
  }

  /** Counts {@code scored} in each of its scopes' windows, closing the windows its time has passed. */
  public void accept(ScoredNewsItem scored) {
    for (Scope scope : ScopeFanOut.scopesOf(scored)) {
      engine.item(scope.key(), scored);
    }
    String timeline = scored.item().timeline();
    long at = scored.item().publishedAt().toEpochMilli();
    long[] t = times.computeIfAbsent(timeline, k -> new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
    t[0] = Math.max(t[0], at);
    if (t[1] == Long.MIN_VALUE || FanOut.closes(windows, t[1], t[0])) {
      t[1] = t[0];
      engine.tick(0, Tick.at(timeline, Instant.ofEpochMilli(t[0]), 0));
    }
  }

  /**
   * Closes, on every timeline seen, each window that ends at or before {@code through}, as if
   * news had gone on past it; windows ending later stay open.
   */
  public void closeThrough(Instant through) {
    long at = through.toEpochMilli() + maxGrace;
    for (String timeline : times.keySet()) {
      engine.tick(0, Tick.at(timeline, Instant.ofEpochMilli(at), 0));
    }
  }

  /** Open bins held: one window's worth per active scope. */
  public int binsHeld() {
    return bins.size();
  }

  /** Scopes with a baseline. */
  public int scopes() {
    return states.size();
  }
}
