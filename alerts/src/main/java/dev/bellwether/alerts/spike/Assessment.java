package dev.bellwether.alerts.spike;

import dev.bellwether.config.SpikeRuleConfig;
import dev.bellwether.event.WindowStats;

/**
 * One window measured against its scope's baseline.
 *
 * @param zScore standard scores of the negative story count above the baseline mean
 * @param ratio negative share over the (floored) baseline share
 * @param level where that puts the window under the rule
 */
public record Assessment(double zScore, double ratio, Level level) {

  /**
   * Measures {@code window} against {@code baseline}. A warning needs all three of: enough
   * distinct negative stories, a z-score and a share ratio at the warning thresholds; critical
   * needs the warning conditions plus both critical thresholds. Requiring the count, z and the
   * ratio together is what keeps a steadily negative scope (high count, ratio near 1) and a
   * quiet scope's single story (high ratio, tiny count) from alerting.
   */
  public static Assessment of(WindowStats window, Baseline baseline, SpikeRuleConfig rule) {
    double z = baseline.zScore(window.negativeStories());
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
