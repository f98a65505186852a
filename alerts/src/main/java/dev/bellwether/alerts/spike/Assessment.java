package dev.bellwether.alerts.spike;

import dev.bellwether.config.SpikeRuleConfig;
import dev.bellwether.event.WindowStats;
import java.util.List;

/**
 * One window measured against its scope's baseline by the windowed rule, the sequential rule and
 * the surge rule, with the figures of the rule that put it at its level: the window's own, those
 * of the sequential rule's run, or those of the surge rule's run.
 *
 * @param zScore standard scores of the negative stories above what the baseline predicts (see
 *     {@link Baseline#zScore} and {@link Surge#zScore})
 * @param ratio negative share over the (floored) baseline share; for the surge rule, negative
 *     stories over those expected
 * @param share the negative share measured
 * @param negativeStories the distinct negative stories measured
 * @param expectedNegative the distinct negative stories the baseline predicts for them
 * @param baselineShare the negative share they are measured against: the baseline share, or for the
 *     surge rule the share usual at this hour
 * @param sequential whether the sequential rule reached the warning level with this window
 * @param level where that puts the window under the rules
 * @param rule the rule whose figures these are
 */
public record Assessment(
    double zScore, double ratio, double share, long negativeStories, double expectedNegative, double baselineShare,
    boolean sequential, Level level, Rule rule) {

  /**
   * What the surge rule knows of a scope at one window.
   *
   * @param evidence the evidence for each multiple in {@code surge-ratios}
   * @param dispersion how much wider than Poisson the scope's hourly counts scatter
   * @param expectedShare the negative share expected at this hour (see {@link RateProfile#expectedShare})
   * @param expectedInWindow negative stories expected in a window at this hour
   * @param inEpisode whether the scope has an open episode
   */
  public record Surges(
      List<Surge> evidence, double dispersion, double expectedShare, double expectedInWindow, boolean inEpisode) {

    /** Copies the evidence. */
    public Surges {
      evidence = List.copyOf(evidence);
    }
  }

  /** The rule whose figures an assessment carries. */
  public enum Rule {
    /** The window against the baseline share. */
    WINDOW,
    /** The sequential rule's run against the baseline share. */
    SEQUENTIAL,
    /** The surge rule's run against the negative stories expected at its hours. */
    SURGE,
    /** The emerging rule's run against the scope's weeks before it (see {@link Emergence}). */
    EMERGING
  }

  /**
   * Measures {@code window} against {@code baseline} with the sequential {@code evidence} and the
   * {@code surge} up to and including the window's last advance.
   *
   * <p>The windowed rule (when {@code window-rule} is on): a warning needs all three of enough distinct negative stories, a
   * z-score and a share ratio at the warning thresholds; critical needs the warning conditions
   * plus both critical thresholds. The z-score is about the share, so a surge of news at the usual
   * share does not alert; the ratio keeps a busy scope's small but statistically clear drift from
   * alerting, and the count a quiet scope's single story.
   *
   * <p>The sequential rule: a warning when the evidence reached {@code sequential-threshold}, the
   * window holds the minimum distinct negative stories and the run's share is at least
   * {@code ratio-warning} times baseline; critical when the run's own z-score and ratio meet both
   * critical thresholds.
   *
   * <p>The surge rule: a warning when the evidence for one of the multiples reached
   * {@code surge-threshold} and its run holds at least {@code min-negative-stories} negative
   * stories, at least {@code ratio-warning} times those expected, from at least
   * {@code surge-min-sources} sources, at a share of at least {@code surge-share-ratio} times the
   * share usual at this hour ({@link RateProfile#expectedShare}); or, in an open episode, while the
   * window holds at least {@code ratio-warning} times the negative stories expected for it at this
   * hour (and at least {@code min-negative-stories}) at that share. Critical when the run's z-score
   * and ratio meet both critical thresholds.
   *
   * <p>The window is as severe as the most severe of the three.
   *
   * @param surges what the surge rule knows at this window
   */
  public static Assessment of(
      WindowStats window, Baseline baseline, SpikeRuleConfig rule, long windowsPerSize, Evidence evidence,
      Surges surges) {
    double z = baseline.zScore(window.negativeStories(), window.stories(), windowsPerSize, rule.baselineWindows());
    double ratio = baseline.ratio(window.negativeShare());
    Level level = rule.windowRule() ? levelOf(window.negativeStories(), z, ratio, rule) : Level.NONE;
    Assessment best = new Assessment(z, ratio, window.negativeShare(), window.negativeStories(),
        baseline.expectedNegative(window.stories()), baseline.share(), false, level, Rule.WINDOW);

    boolean sequential = rule.sequentialThreshold() > 0
        && evidence.logLikelihoodRatio() >= rule.sequentialThreshold()
        && window.negativeStories() >= rule.minNegativeStories()
        && baseline.ratio(evidence.share()) >= rule.ratioWarning();
    if (sequential) {
      double runZ = baseline.zScore(evidence.negativeStories(), evidence.stories(), windowsPerSize, rule.baselineWindows());
      double runRatio = baseline.ratio(evidence.share());
      Level run = levelOf(evidence.negativeStories(), runZ, runRatio, rule) == Level.CRITICAL ? Level.CRITICAL : Level.WARNING;
      best = run.compareTo(best.level()) > 0
          ? new Assessment(runZ, runRatio, evidence.share(), evidence.negativeStories(),
              baseline.expectedNegative(evidence.stories()), baseline.share(), true, run, Rule.SEQUENTIAL)
          : new Assessment(best.zScore(), best.ratio(), best.share(), best.negativeStories(), best.expectedNegative(),
              best.baselineShare(), true, best.level(), best.rule());
    }

    double expectedInWindow = surges.expectedInWindow();
    boolean held = surges.inEpisode() && rule.surgeThreshold() > 0
        && window.negativeStories() >= Math.max(rule.minNegativeStories(), rule.ratioWarning() * expectedInWindow)
        && window.negativeShare() >= rule.surgeShareRatio() * surges.expectedShare();
    Surge surge = reached(surges.evidence(), surges.expectedShare(), rule);
    if (surge != null) {
      Level surging = surge.zScore(surges.dispersion()) >= rule.zCritical() && surge.ratio() >= rule.ratioCritical()
          ? Level.CRITICAL : Level.WARNING;
      if (surging.compareTo(best.level()) > 0) {
        best = new Assessment(surge.zScore(surges.dispersion()), surge.ratio(), surge.share(), surge.negativeStories(),
            surge.expectedNegative(), surges.expectedShare(), best.sequential(), surging, Rule.SURGE);
      }
    } else if (held && best.level() == Level.NONE) {
      Surge current = new Surge(0.0, null, window.stories(), window.negativeStories(), expectedInWindow, new long[0]);
      best = new Assessment(current.zScore(surges.dispersion()), current.ratio(), current.share(),
          current.negativeStories(), expectedInWindow, surges.expectedShare(), best.sequential(), Level.WARNING,
          Rule.SURGE);
    }
    return best;
  }

  /**
   * The surge evidence of {@code surges} (one per multiple) that meets every condition of a
   * warning, the one with the most evidence when several do; null when none does.
   */
  static Surge reached(List<Surge> surges, double expectedShare, SpikeRuleConfig rule) {
    Surge best = null;
    for (Surge s : surges) {
      if (surgeReached(s, expectedShare, rule) && (best == null || s.logLikelihoodRatio() > best.logLikelihoodRatio())) {
        best = s;
      }
    }
    return best;
  }

  /** Whether one surge evidence and its run meet every condition of a warning: see {@link #of}. */
  static boolean surgeReached(Surge surge, double expectedShare, SpikeRuleConfig rule) {
    return rule.surgeThreshold() > 0
        && surge.logLikelihoodRatio() >= rule.surgeThreshold()
        && surge.negativeStories() >= rule.minNegativeStories()
        && surge.ratio() >= rule.ratioWarning()
        && surge.sources().length >= rule.surgeMinSources()
        && surge.share() >= rule.surgeShareRatio() * expectedShare;
  }

  private static Level levelOf(long negativeStories, double z, double ratio, SpikeRuleConfig rule) {
    if (negativeStories < rule.minNegativeStories() || z < rule.zWarning() || ratio < rule.ratioWarning()) {
      return Level.NONE;
    }
    return z >= rule.zCritical() && ratio >= rule.ratioCritical() ? Level.CRITICAL : Level.WARNING;
  }
}
