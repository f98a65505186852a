package dev.bellwether.alerts.spike;

import dev.bellwether.config.SpikeRuleConfig;
import dev.bellwether.event.WindowStats;

/**
 * One window measured against its scope's baseline, by the windowed rule and the sequential rule,
 * with the figures of the rule that put it at its level: the window's own, or those of the
 * sequential rule's run when only that rule (or it more severely) reached the level.
 *
 * @param zScore standard scores of the negative stories above what the baseline share predicts
 *     for the stories (see {@link Baseline#zScore})
 * @param ratio negative share over the (floored) baseline share
 * @param share the negative share measured
 * @param negativeStories the distinct negative stories measured
 * @param expectedNegative the distinct negative stories the baseline share predicts for them
 * @param sequential whether the sequential rule reached the warning level with this window
 * @param level where that puts the window under the rule
 */
public record Assessment(
    double zScore, double ratio, double share, long negativeStories, double expectedNegative, boolean sequential,
    Level level) {

  /**
   * Measures {@code window} against {@code baseline}, with the sequential {@code evidence} up to
   * and including the window's last advance.
   *
   * <p>The windowed rule: a warning needs all three of enough distinct negative stories, a
   * z-score and a share ratio at the warning thresholds; critical needs the warning conditions
   * plus both critical thresholds. The z-score is about the share, so a surge of news at the usual
   * share does not alert; the ratio keeps a busy scope's small but statistically clear drift from
   * alerting, and the count a quiet scope's single story.
   *
   * <p>The sequential rule: a warning when the evidence reached {@code sequential-threshold}, the
   * window holds the minimum distinct negative stories (the same minimum as the windowed rule's:
   * a run of evidence in a quiet scope can last hours and gather stray negative stories, so its
   * own count would not keep a handful of stories from alerting) and the run's share is at least
   * {@code ratio-warning} times baseline; critical when the run's own z-score and ratio meet both
   * critical thresholds. The window is as severe as the more severe of the two.
   */
  public static Assessment of(
      WindowStats window, Baseline baseline, SpikeRuleConfig rule, long windowsPerSize, Evidence evidence) {
    double z = baseline.zScore(window.negativeStories(), window.stories(), windowsPerSize, rule.baselineWindows());
    double ratio = baseline.ratio(window.negativeShare());
    Level level = levelOf(window.negativeStories(), z, ratio, rule);
    boolean sequential = rule.sequentialThreshold() > 0
        && evidence.logLikelihoodRatio() >= rule.sequentialThreshold()
        && window.negativeStories() >= rule.minNegativeStories()
        && baseline.ratio(evidence.share()) >= rule.ratioWarning();
    if (sequential) {
      double runZ = baseline.zScore(evidence.negativeStories(), evidence.stories(), windowsPerSize, rule.baselineWindows());
      double runRatio = baseline.ratio(evidence.share());
      Level run = levelOf(evidence.negativeStories(), runZ, runRatio, rule) == Level.CRITICAL ? Level.CRITICAL : Level.WARNING;
      if (run.compareTo(level) > 0) {
        return new Assessment(runZ, runRatio, evidence.share(), evidence.negativeStories(),
            baseline.expectedNegative(evidence.stories()), true, run);
      }
    }
    return new Assessment(z, ratio, window.negativeShare(), window.negativeStories(),
        baseline.expectedNegative(window.stories()), sequential, level);
  }

  private static Level levelOf(long negativeStories, double z, double ratio, SpikeRuleConfig rule) {
    if (negativeStories < rule.minNegativeStories() || z < rule.zWarning() || ratio < rule.ratioWarning()) {
      return Level.NONE;
    }
    return z >= rule.zCritical() && ratio >= rule.ratioCritical() ? Level.CRITICAL : Level.WARNING;
  }
}
