package dev.bellwether.config;

import java.time.Duration;

/**
 * How the alerting stage groups alerts into incidents: alerts whose windows share a story, or
 * whose headlines are mostly about the same entity, join one incident when each fires within
 * {@code span} of the incident's latest alert.
 *
 * @param span longest time between the first revisions of two alerts of one incident; 0 gives
 *     every alert an incident of its own
 */
public record IncidentsConfig(Duration span) {

  /** The span used when the setting is absent. */
  public static final Duration DEFAULT_SPAN = Duration.ofMinutes(30);

  /** Checks the span. */
  public IncidentsConfig {
    Check.nonNegative("span", span);
  }

  /** The defaults. */
  public static IncidentsConfig defaults() {
    return new IncidentsConfig(DEFAULT_SPAN);
  }
}
