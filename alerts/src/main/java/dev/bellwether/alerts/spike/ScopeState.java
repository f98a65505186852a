package dev.bellwether.alerts.spike;

import java.time.Instant;

/**
 * Everything the spike rule remembers about one scope between windows: the value of the
 * baseline store.
 *
 * @param baseline what is normal for the scope
 * @param windowsSeen windows observed (empty ones included), for the warm-up
 * @param lastWindowEnd end of the last window handled, null before the first
 * @param episode the open episode, or null
 */
public record ScopeState(Baseline baseline, long windowsSeen, Instant lastWindowEnd, Episode episode) {

  /** The state of a scope never seen. */
  public static ScopeState initial() {
    return new ScopeState(Baseline.empty(), 0, null, null);
  }
}
