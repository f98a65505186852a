package dev.bellwether.alerts.spike;

/**
 * What is normal for one scope: exponentially weighted means of the distinct negative stories and
 * of the distinct stories per window (their quotient is the baseline negative share), and how much
 * more the negative count scatters than a binomial count would.
 *
 * <p>The weight of a new observation is {@code max(2 / (span + 1), 1 / n)}: the first
 * {@code span} observations are averaged plainly, so a fresh baseline is not dragged towards its
 * first, often partial, window; after that the weights decay with the given span.
 *
 * @param negativeMean weighted mean of distinct negative stories per window
 * @param storyMean weighted mean of distinct stories per window (empty windows included)
 * @param observations windows folded in
 * @param dispersion weighted mean of the squared standardised residuals of the negative count,
 *     kept within [1, {@link #MAX_DISPERSION}]: how much wider than binomial the scatter is
 */
public record Baseline(double negativeMean, double storyMean, long observations, double dispersion) {

  /**
   * Smallest baseline share a window is measured against. Without it a scope with no negative news
   * at all would turn one negative story into an infinite ratio; 5% is below the negative share
   * of any real newswire, so it only bites in scopes that are almost never negative.
   */
  public static final double SHARE_FLOOR = 0.05;

  /**
   * Largest dispersion. It is learned from windows that passed the watch level only, but those can
   * still hold the start of a spike; capping it keeps a few of them from widening the spread so
   * far that the next spike hides inside it, while a scope whose share truly wanders (a topic
   * mixing entities of different tone) still gets up to 1.7 times the binomial spread.
   */
  public static final double MAX_DISPERSION = 3.0;

  /** A squared residual counts at most this much, so one wild window moves the dispersion little. */
  static final double MAX_SQUARED_RESIDUAL = 9.0;

  /** Keeps the dispersion in range; a value stored before it existed reads as 0 and becomes 1. */
  public Baseline {
    dispersion = Math.max(1.0, Math.min(MAX_DISPERSION, dispersion));
  }

  /** A baseline that has seen nothing. */
  public static Baseline empty() {
    return new Baseline(0.0, 0.0, 0, 1.0);
  }

  /** This baseline after one more window with {@code negativeStories} out of {@code stories}. */
  public Baseline observe(long negativeStories, long stories, int span) {
    double alpha = Math.max(2.0 / (span + 1), 1.0 / (observations + 1));
    double nextDispersion = dispersion;
    if (stories > 0 && observations > 0) {
      double share = share();
      double expected = stories * share;
      double residual = (negativeStories - expected) * (negativeStories - expected)
          / Math.max(stories * share * (1 - share), 1.0);
      nextDispersion += alpha * (Math.min(residual, MAX_SQUARED_RESIDUAL) - dispersion);
      nextDispersion = Math.max(1.0, Math.min(MAX_DISPERSION, nextDispersion));
    }
    return new Baseline(
        negativeMean + alpha * (negativeStories - negativeMean),
        storyMean + alpha * (stories - storyMean),
        observations + 1,
        nextDispersion);
  }

  /**
   * This baseline after {@code windows} more windows without stories, in closed form: what
   * {@code windows} calls of {@code observe(0, 0, span)} give, in at most {@code span / 2} steps
   * however long the silence (a scope of history quiet for years).
   */
  public Baseline observeEmpty(long windows, int span) {
    double constant = 2.0 / (span + 1);
    double keep = 1.0;
    long n = observations;
    long left = windows;
    while (left > 0 && 1.0 / (n + 1) > constant) {
      keep *= 1.0 - 1.0 / (n + 1);
      n++;
      left--;
    }
    keep *= Math.pow(1.0 - constant, left);
    return new Baseline(negativeMean * keep, storyMean * keep, n + left, dispersion);
  }

  /** The baseline negative share, floored at {@link #SHARE_FLOOR}. */
  public double share() {
    return storyMean <= 0 ? SHARE_FLOOR : Math.max(SHARE_FLOOR, negativeMean / storyMean);
  }

  /** Distinct negative stories the baseline share predicts for a window of {@code stories}. */
  public double expectedNegative(long stories) {
    return stories * share();
  }

  /**
   * Standard scores of {@code negativeStories} out of {@code stories} above the baseline share:
   * the signed root of the binomial log-likelihood ratio (close to normal even for the few stories
   * of a quiet scope, where the plain (k - np) / sd overstates small excesses), divided by the
   * spread of the count: the learned dispersion plus the uncertainty of the baseline share itself,
   * which was estimated from about {@code storyMean / windowsPerSize * min(observations, span)}
   * stories (hopping windows overlap {@code windowsPerSize} times, so that many windows see each
   * story).
   */
  public double zScore(long negativeStories, long stories, long windowsPerSize, int span) {
    if (stories <= 0) {
      return 0.0;
    }
    double p = share();
    double expected = stories * p;
    double k = negativeStories;
    double rest = stories - k;
    double deviance = (k > 0 ? k * Math.log(k / expected) : 0.0)
        + (rest > 0 ? rest * Math.log(rest / (stories - expected)) : 0.0);
    double signedRoot = Math.signum(k - expected) * Math.sqrt(Math.max(0.0, 2 * deviance));
    double learnedFrom = Math.max(1.0, storyMean / windowsPerSize * Math.min(observations, span));
    return signedRoot / Math.sqrt(dispersion + stories / learnedFrom);
  }

  /** {@code negativeShare} over the baseline share. */
  public double ratio(double negativeShare) {
    return negativeShare / share();
  }
}
