package dev.bellwether.config;

/**
 * The negative-spike rule: when a window stands far enough above its scope's baseline to alert.
 *
 * @param warmUpWindows windows a scope must have been seen for before it may alert
 * @param baselineWindows span (in windows) of the exponentially weighted baseline
 * @param minNegativeStories fewest distinct negative stories in a window that may alert
 * @param zWarning standard scores of the negative story count above baseline for a warning
 * @param zCritical standard scores above baseline for a critical alert
 * @param ratioWarning negative share over baseline share for a warning
 * @param ratioCritical negative share over baseline share for a critical alert
 * @param quietWindowsToResolve windows below the warning level after which an episode resolves
 */
public record SpikeRuleConfig(
    int warmUpWindows,
    int baselineWindows,
    int minNegativeStories,
    double zWarning,
    double zCritical,
    double ratioWarning,
    double ratioCritical,
    int quietWindowsToResolve) {

  /** Checks every value. */
  public SpikeRuleConfig {
    Check.atLeast("warm-up-windows", warmUpWindows, 0);
    Check.atLeast("baseline-windows", baselineWindows, 2);
    Check.atLeast("min-negative-stories", minNegativeStories, 1);
    Check.atLeast("z-warning", zWarning, 0.0);
    Check.atLeast("z-critical", zCritical, zWarning);
    Check.atLeast("ratio-warning", ratioWarning, 1.0);
    Check.atLeast("ratio-critical", ratioCritical, ratioWarning);
    Check.atLeast("quiet-windows-to-resolve", quietWindowsToResolve, 1);
  }
}
