package dev.bellwether.alerts.time;

import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Tick;

/**
 * One record of the alerting stage's by-scope stream: a scope's copy of a scored item, or the
 * progress of one source partition of {@code news.scored} (a tick, sent to every partition).
 * Exactly one of {@code item} and {@code tick} is set.
 *
 * @param item the scored item, keyed by the scope it counts in
 * @param tick how far the source has got on the tick's timeline
 * @param source the partition of {@code news.scored} it came from
 */
public record ScopeEvent(ScoredNewsItem item, Tick tick, int source) {

  /** A scope's copy of {@code item}, read from {@code source}. */
  public static ScopeEvent of(ScoredNewsItem item, int source) {
    return new ScopeEvent(item, null, source);
  }

  /** The progress {@code tick} of {@code source}. */
  public static ScopeEvent of(Tick tick, int source) {
    return new ScopeEvent(null, tick, source);
  }

  /** Whether this is a tick. */
  public boolean hasTick() {
    return tick != null;
  }
}
