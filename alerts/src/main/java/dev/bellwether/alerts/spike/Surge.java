package dev.bellwether.alerts.spike;

import dev.bellwether.config.SpikeRuleConfig;
import java.time.Instant;
import java.util.Arrays;

/**
 * The surge rule's running evidence of one scope for one multiple {@code a} of the expected rate
 * (one of {@code surge-ratios}): a one-sided CUSUM, advance by advance, of the Poisson
 * log-likelihood ratio of the negative stories each advance added under {@code a} times the
 * number expected at that hour ({@link RateProfile}) against the number expected, with what the
 * current run (since the sum last stood at zero) holds: when it
 * began, its stories and negative stories, the negative stories expected over it, and the sources
 * its negative stories came from.
 *
 * <p>It looks at the number of negative stories, not only at their share: a shock brings many more
 * negative stories, often with more news overall, and a share diluted by that news moves little
 * while the count moves a lot. A CUSUM has no fixed time scale: a burst of many stories in a few
 * minutes and a slow rise over hours both reach the threshold, each at its own pace, while a
 * count at the usual rate drifts the sum down ({@code k ln a - (a - 1) e} is negative on average
 * when {@code k} is Poisson with mean {@code e}). More news at the usual share (a busy day, a
 * feed's backlog) raises the count too; the rule therefore also asks for a raised share of the
 * run's stories (see {@link Assessment}).
 *
 * @param logLikelihoodRatio the CUSUM statistic in nats, never negative
 * @param start the start of the first advance of the current run, null without a run
 * @param stories distinct stories the current run added
 * @param negativeStories distinct negative stories the current run added
 * @param expectedNegative negative stories expected over the current run
 * @param sources distinct sources (hashes) of the run's negative stories, ascending, at most
 *     {@link #MAX_SOURCES}
 */
public record Surge(
    double logLikelihoodRatio, Instant start, long stories, long negativeStories, double expectedNegative,
    long[] sources) {

  /** No evidence: the state after a reset. */
  public static final Surge NONE = new Surge(0.0, null, 0, 0, 0.0, new long[0]);

  /** Sources remembered per run: more than any rule asks for. */
  static final int MAX_SOURCES = 16;

  /**
   * The sum never goes above this multiple of the threshold, so that after a long shock the
   * evidence drains, and the episode ends, within hours of the shock ending rather than days.
   */
  static final double CAP = 2.0;

  /** Copies the sources; a state stored before them had none. */
  public Surge {
    sources = sources == null ? new long[0] : sources.clone();
  }

  /**
   * This evidence, for the multiple {@code a}, after an advance starting at {@code at} that added
   * {@code newStories} distinct stories, {@code newNegative} of them negative from
   * {@code newSources}, where {@code expected} negative stories were expected; the step is divided
   * by {@code dispersion}.
   */
  Surge add(double a, Instant at, long newStories, long newNegative, long[] newSources, double expected,
      double dispersion, SpikeRuleConfig rule) {
    double step = (newNegative * Math.log(a) - (a - 1) * expected) / dispersion;
    double next = Math.min(logLikelihoodRatio + step, CAP * rule.surgeThreshold());
    if (next <= 0) {
      return NONE;
    }
    return new Surge(next, start == null ? at : start, stories + newStories, negativeStories + newNegative,
        expectedNegative + expected, merge(sources, newSources));
  }

  private static long[] merge(long[] a, long[] b) {
    if (b.length == 0 || a.length >= MAX_SOURCES) {
      return a;
    }
    long[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    long[] distinct = Arrays.stream(all).distinct().sorted().toArray();
    return distinct.length > MAX_SOURCES ? Arrays.copyOf(distinct, MAX_SOURCES) : distinct;
  }

  /** The run's negative share, 0 without stories. */
  double share() {
    return stories == 0 ? 0.0 : (double) negativeStories / stories;
  }

  /** The run's negative stories over those expected. */
  double ratio() {
    return negativeStories / Math.max(expectedNegative, 1e-9);
  }

  /**
   * Standard scores of the run's negative stories above those expected: the signed root of the
   * Poisson deviance, divided by the root of {@code dispersion}.
   */
  double zScore(double dispersion) {
    double k = negativeStories;
    double e = Math.max(expectedNegative, 1e-9);
    double deviance = (k > 0 ? k * Math.log(k / e) : 0.0) - (k - e);
    return Math.signum(k - e) * Math.sqrt(Math.max(0.0, 2 * deviance) / dispersion);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Surge s && s.logLikelihoodRatio == logLikelihoodRatio && java.util.Objects.equals(s.start, start)
        && s.stories == stories && s.negativeStories == negativeStories && s.expectedNegative == expectedNegative
        && Arrays.equals(s.sources, sources);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(logLikelihoodRatio) * 31 + Long.hashCode(negativeStories) + Arrays.hashCode(sources);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "Surge[%.2f nats since %s: %d of %d stories negative, %.1f expected, %d sources]",
        logLikelihoodRatio, start, negativeStories, stories, expectedNegative, sources.length);
  }
}
