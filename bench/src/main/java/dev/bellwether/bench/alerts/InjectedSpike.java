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
 */
record InjectedSpike(String scope, int factor, Instant start, Instant end, Set<String> touched, OracleEvidence evidence) {

  /** The size label of the spike, e.g. {@code 3x}. */
  String size() {
    return factor + "x";
  }
}
