package dev.bellwether.bench.alerts;

import java.time.Instant;
import java.util.Set;

/**
 * One negative spike the bench injected: a scope whose items turned negative at {@code factor}
 * times their usual rate between {@code start} and {@code end}.
 *
 * @param scope key of the scope the spike is about ({@code entity:ACME}, {@code topic:Macro})
 * @param factor multiple of the usual negative share, 2, 3 or 5
 * @param start first instant of the spike
 * @param end instant the spike ended
 * @param touched keys of every scope its boosted items also counted in (their topics or
 *     entities, and the market); alerts there during the spike are collateral, not false
 * @param evidence what its boosted stories proved, as an oracle weighs it
 * @param kind how it changes its scope's news
 */
record InjectedSpike(
    String scope, int factor, Instant start, Instant end, Set<String> touched, OracleEvidence evidence,
    BenchStream.Kind kind) {

  /**
   * The multiple of the usual share (and, except for share spikes, of the usual volume) at
   * {@code at}: the factor, or for a slow spike the share of its length gone by times the factor's
   * excess over 1, plus 1.
   */
  double factorAt(Instant at) {
    if (kind != BenchStream.Kind.SLOW) {
      return factor;
    }
    double gone = (double) (at.toEpochMilli() - start.toEpochMilli()) / (end.toEpochMilli() - start.toEpochMilli());
    return 1 + (factor - 1) * Math.max(0.0, Math.min(1.0, gone));
  }

  /** The size label of the spike, e.g. {@code 3x}. */
  String size() {
    return factor + "x";
  }
}
