package dev.bellwether.config;

import java.util.List;
import java.util.Objects;

/**
 * The alerting stage.
 *
 * @param window the hopping windows of the aggregates
 * @param spike the spike rule
 * @param topHeadlines how many contributing headlines a window and an alert keep
 * @param gaugeTopEntities how many entities, those with the highest negative share in their latest
 *     window, get sentiment gauges of their own (topics and the market always do); 0 for none
 * @param gaugeMinStories fewest distinct stories an entity's latest window needs to compete for those
 *     places (an entity with an open alert keeps its gauges whatever its count)
 * @param incidents how alerts are grouped into incidents
 * @param marketTopics the topics whose stories count in the market scope, so that routine company
 *     news (earnings, dividends) and news that has nothing to do with markets do not move it;
 *     empty counts every story there
 * @param skipFlags scoring flags (e.g. {@code not-english}) of items whose scores are guesses:
 *     such items count in no scope
 */
public record AlertsConfig(WindowConfig window, SpikeRuleConfig spike, int topHeadlines, int gaugeTopEntities,
    int gaugeMinStories, IncidentsConfig incidents, List<String> marketTopics, List<String> skipFlags) {

  /** The entity story minimum used when the setting is absent. */
  public static final int DEFAULT_GAUGE_MIN_STORIES = 5;

  /** Checks every value; absent incident settings are the defaults. */
  public AlertsConfig {
    Objects.requireNonNull(window, "alerts.window is missing");
    Objects.requireNonNull(spike, "alerts.spike is missing");
    Check.atLeast("top-headlines", topHeadlines, 1);
    Check.atLeast("gauge-top-entities", gaugeTopEntities, 0);
    Check.atLeast("gauge-min-stories", gaugeMinStories, 1);
    incidents = incidents == null ? IncidentsConfig.defaults() : incidents;
    marketTopics = checked("market-topics", marketTopics);
    skipFlags = checked("skip-flags", skipFlags);
  }

  /**
   * The settings with the default entity story minimum and incident grouping, a market scope that
   * counts every story, and no item skipped.
   */
  public AlertsConfig(WindowConfig window, SpikeRuleConfig spike, int topHeadlines, int gaugeTopEntities) {
    this(window, spike, topHeadlines, gaugeTopEntities, DEFAULT_GAUGE_MIN_STORIES, IncidentsConfig.defaults(),
        List.of(), List.of());
  }

  private static List<String> checked(String setting, List<String> values) {
    if (values == null) {
      return List.of();
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null || values.get(i).isBlank()) {
        throw new InvalidSettingException(setting + "[" + i + "]", values.get(i), "must not be empty");
      }
    }
    return List.copyOf(values);
  }
}
