package dev.bellwether.bench.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The evidence a spike's own stories carry, as an oracle would weigh it: the log-likelihood ratio
 * of each boosted story's sentiment under its spiked share against its usual share, both known
 * exactly to the generator, summed in time order from the spike's start.
 *
 * <p>A spike is called detectable when that sum reaches {@link #DETECTABLE}, ln 1440: a test that
 * knew the scope, the start, the factor and every story's usual share would need a likelihood
 * ratio of 1440 to call a spike while raising at most one false alarm per scope per day at one
 * test per minute (Markov's inequality on the ratio). No rule that knows less can be expected to
 * find a spike below it at the false-alarm target; the time the sum first reaches it is the
 * earliest an alert can be justified.
 */
final class OracleEvidence {

  /** Log-likelihood ratio (nats) at which a spike counts as detectable: ln 1440. */
  static final double DETECTABLE = Math.log(1440);

  private record Step(Instant at, double logLikelihoodRatio) {}

  private final List<Step> steps = new ArrayList<>();

  /** Adds one boosted story of usual share {@code usual} drawn at share {@code spiked}. */
  void add(Instant at, double usual, double spiked, boolean negative) {
    double llr = negative ? Math.log(spiked / usual) : Math.log((1 - spiked) / (1 - usual));
    steps.add(new Step(at, llr));
  }

  /** The whole spike's log-likelihood ratio. */
  double total() {
    return steps.stream().mapToDouble(Step::logLikelihoodRatio).sum();
  }

  /** Equal when they hold the same stories' evidence, so that equal seeds give equal spikes. */
  @Override
  public boolean equals(Object other) {
    return other instanceof OracleEvidence o && o.steps.equals(steps);
  }

  @Override
  public int hashCode() {
    return steps.hashCode();
  }

  @Override
  public String toString() {
    return String.format("%.1f nats from %d stories", total(), steps.size());
  }

  /** When the running sum first reached {@link #DETECTABLE}, or null when it never did. */
  Instant detectableAt() {
    double sum = 0;
    for (Step s : steps.stream().sorted(Comparator.comparing(Step::at)).toList()) {
      sum += s.logLikelihoodRatio();
      if (sum >= DETECTABLE) {
        return s.at();
      }
    }
    return null;
  }
}
