package dev.bellwether.config;

import java.util.Objects;

/**
 * The alerting stage.
 *
 * @param window the hopping windows of the aggregates
 * @param spike the spike rule
 * @param topHeadlines how many contributing headlines a window and an alert keep
 */
public record AlertsConfig(WindowConfig window, SpikeRuleConfig spike, int topHeadlines) {

  /** Checks every value. */
  public AlertsConfig {
    Objects.requireNonNull(window, "alerts.window is missing");
    Objects.requireNonNull(spike, "alerts.spike is missing");
    Check.atLeast("top-headlines", topHeadlines, 1);
  }
}
