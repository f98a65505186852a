package dev.bellwether.config;

/**
 * A partial spike rule: the settings of {@link SpikeRuleConfig} that one scope kind
 * ({@code alerts.spike.by-kind.<kind>}) or one scope ({@code alerts.spike.overrides[i]}) sets
 * differently; every setting left out (null) is inherited.
 *
 * @param scope the scope key it applies to ({@code entity:ACME}, {@code topic:Macro},
 *     {@code market}); required in {@code overrides}, refused in {@code by-kind}
 * @param warmUpWindows see {@link SpikeRuleConfig#warmUpWindows()}
 * @param baselineWindows see {@link SpikeRuleConfig#baselineWindows()}
 * @param minNegativeStories see {@link SpikeRuleConfig#minNegativeStories()}
 * @param zWatch see {@link SpikeRuleConfig#zWatch()}
 * @param zWarning see {@link SpikeRuleConfig#zWarning()}
 * @param zCritical see {@link SpikeRuleConfig#zCritical()}
 * @param ratioWarning see {@link SpikeRuleConfig#ratioWarning()}
 * @param ratioCritical see {@link SpikeRuleConfig#ratioCritical()}
 * @param quietWindowsToResolve see {@link SpikeRuleConfig#quietWindowsToResolve()}
 * @param sequentialRatio see {@link SpikeRuleConfig#sequentialRatio()}
 * @param sequentialThreshold see {@link SpikeRuleConfig#sequentialThreshold()}
 * @param windowRule see {@link SpikeRuleConfig#windowRule()}
 * @param surgeRatios see {@link SpikeRuleConfig#surgeRatios()}
 * @param surgeThreshold see {@link SpikeRuleConfig#surgeThreshold()}
 * @param surgeShareRatio see {@link SpikeRuleConfig#surgeShareRatio()}
 * @param surgeMinSources see {@link SpikeRuleConfig#surgeMinSources()}
 * @param minExpectedPerHour see {@link SpikeRuleConfig#minExpectedPerHour()}
 * @param rateDays see {@link SpikeRuleConfig#rateDays()}
 * @param emergingMinNegativeStories see {@link SpikeRuleConfig#emergingMinNegativeStories()}
 * @param emergingMaxPriorStories see {@link SpikeRuleConfig#emergingMaxPriorStories()}
 * @param emergingMinutes see {@link SpikeRuleConfig#emergingMinutes()}
 */
public record SpikeRuleOverride(
    String scope,
    Integer warmUpWindows,
    Integer baselineWindows,
    Integer minNegativeStories,
    Double zWatch,
    Double zWarning,
    Double zCritical,
    Double ratioWarning,
    Double ratioCritical,
    Integer quietWindowsToResolve,
    Double sequentialRatio,
    Double sequentialThreshold,
    Boolean windowRule,
    java.util.List<Double> surgeRatios,
    Double surgeThreshold,
    Double surgeShareRatio,
    Integer surgeMinSources,
    Double minExpectedPerHour,
    Integer rateDays,
    Integer emergingMinNegativeStories,
    Integer emergingMaxPriorStories,
    Integer emergingMinutes) {

  /**
   * {@code base} with the settings given here put in its place, validated as a whole; a refused
   * value is reported under {@code prefix} (e.g. {@code by-kind.market.z-warning}).
   */
  SpikeRuleConfig applyTo(SpikeRuleConfig base, String prefix) {
    try {
      return new SpikeRuleConfig(
          or(warmUpWindows, base.warmUpWindows()),
          or(baselineWindows, base.baselineWindows()),
          or(minNegativeStories, base.minNegativeStories()),
          or(zWatch, base.zWatch()),
          or(zWarning, base.zWarning()),
          or(zCritical, base.zCritical()),
          or(ratioWarning, base.ratioWarning()),
          or(ratioCritical, base.ratioCritical()),
          or(quietWindowsToResolve, base.quietWindowsToResolve()),
          or(sequentialRatio, base.sequentialRatio()),
          or(sequentialThreshold, base.sequentialThreshold()),
          or(windowRule, base.windowRule()),
          or(surgeRatios, base.surgeRatios()),
          or(surgeThreshold, base.surgeThreshold()),
          or(surgeShareRatio, base.surgeShareRatio()),
          or(surgeMinSources, base.surgeMinSources()),
          or(minExpectedPerHour, base.minExpectedPerHour()),
          or(rateDays, base.rateDays()),
          or(emergingMinNegativeStories, base.emergingMinNegativeStories()),
          or(emergingMaxPriorStories, base.emergingMaxPriorStories()),
          or(emergingMinutes, base.emergingMinutes()));
    } catch (InvalidSettingException e) {
      throw new InvalidSettingException(prefix + "." + e.setting(), e.value(), e.problem());
    }
  }

  private static <T> T or(T value, T inherited) {
    return value == null ? inherited : value;
  }
}
