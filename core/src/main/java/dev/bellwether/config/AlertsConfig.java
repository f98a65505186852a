package dev.bellwether.config;

import java.util.Objects;

/**
 * The alerting stage.
 *
 * @param window the hopping windows of the aggregates
 * @param spike the spike rule
 * @param topHeadlines how many contributing headlines a window and an alert keep
 * @param gaugeTopEntities how many entities, those with the highest negative share in their latest
 *     window, get sentiment gauges of their own (topics and the market always do); 0 for none
 */
public record AlertsConfig(WindowConfig window, SpikeRuleConfig spike, int topHeadlines, int gaugeTopEntities) {

  /** Checks every value. */
  public AlertsConfig {
    Objects.requireNonNull(window, "alerts.window is missing");
    Objects.requireNonNull(spike, "alerts.spike is missing");
    Check.atLeast("top-headlines", topHeadlines, 1);
    Check.atLeast("gauge-top-entities", gaugeTopEntities, 0);
  }
}
