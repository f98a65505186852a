package dev.bellwether.alerts.spike;

import dev.bellwether.config.SpikeRuleConfig;
import dev.bellwether.event.WindowStats;

/**
 * One window measured against its scope's baseline.
 *
 * @param zScore standard scores of the window's negative stories above what the baseline share
 *     predicts for its stories (see {@link Baseline#zScore})
 * @param ratio negative share over the (floored) baseline share
 * @param level where that puts the window under the rule
 */
public record Assessment(double zScore, double ratio, Level level) {

  /**
   * Measures {@code window} against {@code baseline}. A warning needs all three of: enough
   * distinct negative stories, a z-score and a share ratio at the warning thresholds; critical
   * needs the warning conditions plus both critical thresholds. The z-score is about the share, so
   * a surge of news at the usual share does not alert; the ratio keeps a busy scope's small but
   * statistically clear drift from alerting, and the count a quiet scope's single story.
   */
  public static Assessment of(WindowStats window, Baseline baseline, SpikeRuleConfig rule, long windowsPerSize) {
    double z = baseline.zScore(window.negativeStories(), window.stories(), windowsPerSize, rule.baselineWindows());
    double ratio = baseline.ratio(window.negativeShare());
    Level level = Level.NONE;
    if (window.negativeStories() >= rule.minNegativeStories()
        && z >= rule.zWarning()
        && ratio >= rule.ratioWarning()) {
      level = z >= rule.zCritical() && ratio >= rule.ratioCritical() ? Level.CRITICAL : Level.WARNING;
    }
    return new Assessment(z, ratio, level);
  }
}
