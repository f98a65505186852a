package dev.bellwether.alerts.spike;

import dev.bellwether.config.SpikeRuleConfig;

/**
 * The sequential rule's running evidence of one scope: a one-sided CUSUM of the log-likelihood
 * ratio, advance by advance, of the stories each advance added (its newest slice) under a share
 * {@code sequential-ratio} times the baseline share against the baseline share itself, with the
 * distinct stories and negative stories of the current run (since the sum last stood at zero).
 *
 * <p>A 15-minute window dilutes a spike that started two minutes ago with thirteen minutes of
 * calm; the sum does not, because each slice adds its own evidence once and calm slices take it
 * away again at the rate calm news is expected to. News at the usual share has a negative
 * expected step, however much of it there is, so a volume surge drives the sum to zero; a steady
 * high-negative scope has that share as its baseline, so the same holds.
 *
 * @param logLikelihoodRatio the CUSUM statistic in nats, never negative
 * @param stories distinct stories the current run added
 * @param negativeStories distinct negative stories the current run added
 */
public record Evidence(double logLikelihoodRatio, long stories, long negativeStories) {

  /** No evidence: the state after a reset. */
  public static final Evidence NONE = new Evidence(0.0, 0, 0);

  /**
   * The alternative share never goes past half-way from the baseline share to 1, so that a scope
   * whose baseline share is already high still has a finite penalty for non-negative stories.
   */
  static final double MAX_ALTERNATIVE_SHARE_STEP = 0.5;

  /**
   * This evidence after a slice of {@code newStories} distinct stories, {@code newNegative} of
   * them negative, against {@code baseline}: the step is divided by the baseline's dispersion, so
   * a scope whose share scatters more than binomially needs that much more evidence.
   */
  Evidence add(long newStories, long newNegative, Baseline baseline, SpikeRuleConfig rule) {
    if (newStories <= 0) {
      return this;
    }
    double p = baseline.share();
    double q = Math.min(p * rule.sequentialRatio(), p + MAX_ALTERNATIVE_SHARE_STEP * (1 - p));
    long negative = Math.min(newNegative, newStories);
    double step = (negative * Math.log(q / p) + (newStories - negative) * Math.log((1 - q) / (1 - p)))
        / baseline.dispersion();
    double next = logLikelihoodRatio + step;
    if (next <= 0) {
      return NONE;
    }
    return new Evidence(next, stories + newStories, negativeStories + negative);
  }

  /** The run's negative share, 0 without stories. */
  double share() {
    return stories == 0 ? 0.0 : (double) negativeStories / stories;
  }
}
