package dev.bellwether.alerts.spike;

/**
 * What is normal for one scope: exponentially weighted mean and variance of the number of distinct
 * negative stories per window, and the weighted mean of the negative share.
 *
 * <p>The weight of a new observation is {@code max(2 / (span + 1), 1 / n)}: the first
 * {@code span} observations are averaged plainly, so a fresh baseline is not dragged towards its
 * first, often partial, window; after that the weights decay with the given span.
 *
 * @param countMean weighted mean of negative stories per window
 * @param countVariance weighted variance of negative stories per window
 * @param countObservations windows folded into the count (empty windows included)
 * @param shareMean weighted mean of the negative share
 * @param shareObservations windows folded into the share (empty windows have no share, so excluded)
 */
public record Baseline(
    double countMean, double countVariance, long countObservations, double shareMean, long shareObservations) {

  /**
   * Smallest baseline share a ratio is taken against. Without it a scope with no negative news at
   * all would turn one negative story into an infinite ratio; 5% is below the negative share of
   * any real newswire, so it only bites in scopes that are almost never negative.
   */
  public static final double SHARE_FLOOR = 0.05;

  /**
   * Smallest variance of the count, as a mean count: news counts are roughly Poisson, so the
   * spread of a count is at least about its square root, and a quiet scope (mean below one) still
   * gets a standard deviation of one story.
   */
  public static final double MIN_COUNT_VARIANCE = 1.0;

  /** A baseline that has seen nothing. */
  public static Baseline empty() {
    return new Baseline(0.0, 0.0, 0, 0.0, 0);
  }

  /** This baseline after one more window with {@code negativeStories} out of {@code stories}. */
  public Baseline observe(long negativeStories, long stories, int span) {
    double alpha = Math.max(2.0 / (span + 1), 1.0 / (countObservations + 1));
    double diff = negativeStories - countMean;
    double nextMean = countMean + alpha * diff;
    double nextVariance = (1 - alpha) * (countVariance + alpha * diff * diff);
    double nextShare = shareMean;
    long nextShareObservations = shareObservations;
    if (stories > 0) {
      double shareAlpha = Math.max(2.0 / (span + 1), 1.0 / (shareObservations + 1));
      nextShare = shareMean + shareAlpha * ((double) negativeStories / stories - shareMean);
      nextShareObservations++;
    }
    return new Baseline(nextMean, nextVariance, countObservations + 1, nextShare, nextShareObservations);
  }

  /** The standard deviation a count is measured in: the weighted one, floored Poisson-like. */
  public double countStdDev() {
    return Math.sqrt(Math.max(countVariance, Math.max(countMean, MIN_COUNT_VARIANCE)));
  }

  /** Standard scores of {@code negativeStories} above the mean. */
  public double zScore(long negativeStories) {
    return (negativeStories - countMean) / countStdDev();
  }

  /** {@code negativeShare} over the baseline share, the baseline floored at {@link #SHARE_FLOOR}. */
  public double ratio(double negativeShare) {
    return negativeShare / Math.max(shareMean, SHARE_FLOOR);
  }
}
