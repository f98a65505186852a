package dev.bellwether.bench.alerts;

import dev.bellwether.config.WindowConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well the alerts of one replay match the spikes injected into it.
 *
 * <p>An episode is raised at the window end of its first firing revision. A spike is detected
 * when an episode of its scope is raised between the spike's start and its end plus one window
 * size of its scope's kind (the last window holding spike items ends then). An episode matching no spike of its scope
 * is collateral when it is raised in that same interval of a spike whose boosted items also
 * counted in its scope (the market, or the topic of an entity spike's items), and false otherwise:
 * distractors that alert are therefore false alerts.
 *
 * <p>Next to these raw figures, which the targets are on, it scores the detectable spikes alone:
 * those whose boosted stories reached {@link OracleEvidence#DETECTABLE} (see there), with the
 * delay counted from the moment they did. The others are excluded from those figures only, and
 * counted in {@code undetectable}.
 *
 * @param kind the kind of spikes injected: share, volume or slow
 * @param hours hours of event time replayed
 * @param scopes scopes measured
 * @param spikes spikes injected
 * @param detected spikes detected
 * @param recall detected over injected, overall
 * @param recallBySize recall per size label (2x, 3x, 5x), in that order
 * @param falseAlerts episodes that matched no spike
 * @param falseAlertsPerScopeDay false alerts over scopes times days
 * @param medianDelayWindows median, over detected spikes, of window advances from spike start to
 *     the window end of the first firing revision; NaN when none was detected
 * @param medianDelayBySize the same per size label
 * @param medianEvidentWindows median, over detectable spikes, of window advances from spike start to
 *     the end of the advance in which their evidence became detectable ({@link OracleEvidence}): the
 *     delay of an oracle that knows each spike's scope, start and size and weighs its stories'
 *     sentiment at about one false alert per scope per day (it does not weigh a volume spike's extra
 *     stories, which the surge rule does, so a rule can beat it there)
 * @param detectable spikes whose own stories carried detectable evidence
 * @param detectedDetectable detectable spikes detected
 * @param recallDetectable detected over detectable, overall
 * @param recallDetectableBySize the same per size label
 * @param medianDelayAfterEvidenceWindows median, over detected detectable spikes, of window
 *     advances from the moment their evidence became detectable to the first firing window end
 *     (negative when the rule fired on less evidence)
 * @param collateral episodes in scopes a spike's items also counted in, during that spike
 * @param episodes alert episodes raised in all
 * @param distractors distractors injected (volume surges and syndicated copies)
 * @param items items replayed
 * @param seconds wall time of generation and replay
 */
public record Scorecard(
    String kind,
    int hours,
    int scopes,
    int spikes,
    int detected,
    double recall,
    Map<String, Double> recallBySize,
    int falseAlerts,
    double falseAlertsPerScopeDay,
    double medianDelayWindows,
    Map<String, Double> medianDelayBySize,
    double medianEvidentWindows,
    int detectable,
    int detectedDetectable,
    double recallDetectable,
    Map<String, Double> recallDetectableBySize,
    double medianDelayAfterEvidenceWindows,
    int collateral,
    int episodes,
    int distractors,
    int items,
    double seconds) {

  /** Scores {@code alerts} against what {@code generated} injected. */
  static Scorecard of(
      String kind, BenchStream.Generated generated, List<Alert> alerts, WindowConfig window, int hours, double seconds) {
    List<Alert> raised = alerts.stream().filter(a -> a.revision() == 1).toList();
    boolean[] matched = new boolean[raised.size()];
    List<Double> delays = new ArrayList<>();
    List<Double> delaysAfterEvidence = new ArrayList<>();
    List<Double> evidentDelays = new ArrayList<>();
    Map<String, List<Double>> delaysBySize = new LinkedHashMap<>();
    Map<String, int[]> bySize = new LinkedHashMap<>();
    Map<String, int[]> detectableBySize = new LinkedHashMap<>();
    for (int factor : BenchStream.FACTORS) {
      bySize.put(factor + "x", new int[2]);
      detectableBySize.put(factor + "x", new int[2]);
      delaysBySize.put(factor + "x", new ArrayList<>());
    }
    int detected = 0;
    int detectable = 0;
    int detectedDetectable = 0;
    for (InjectedSpike spike : generated.spikes()) {
      int[] tally = bySize.get(spike.size());
      tally[1]++;
      Instant evident = spike.evidence().detectableAt();
      int[] detectableTally = detectableBySize.get(spike.size());
      double advanceMs = windowOf(window, spike.scope()).advance().toMillis();
      if (evident != null) {
        detectable++;
        detectableTally[1]++;
        // An alert can come at the end of the advance holding the story that made it detectable.
        long evidentEnd = (Math.floorDiv(evident.toEpochMilli(), (long) advanceMs) + 1) * (long) advanceMs;
        evidentDelays.add((evidentEnd - spike.start().toEpochMilli()) / advanceMs);
      }
      for (int i = 0; i < raised.size(); i++) {
        Alert alert = raised.get(i);
        if (!matched[i] && alert.scope().equals(spike.scope()) && within(alert.windowEnd(), spike, window)) {
          matched[i] = true;
          tally[0]++;
          detected++;
          double delay = (alert.windowEnd().toEpochMilli() - spike.start().toEpochMilli()) / advanceMs;
          delays.add(delay);
          delaysBySize.get(spike.size()).add(delay);
          if (evident != null) {
            detectableTally[0]++;
            detectedDetectable++;
            delaysAfterEvidence.add((alert.windowEnd().toEpochMilli() - evident.toEpochMilli()) / advanceMs);
          }
          break;
        }
      }
    }
    int collateral = 0;
    int falseAlerts = 0;
    for (int i = 0; i < raised.size(); i++) {
      if (matched[i]) {
        continue;
      }
      Alert alert = raised.get(i);
      boolean nearSpike = generated.spikes().stream()
          .anyMatch(s -> s.touched().contains(alert.scope()) && within(alert.windowEnd(), s, window));
      if (nearSpike) {
        collateral++;
      } else {
        falseAlerts++;
      }
    }
    int spikes = generated.spikes().size();
    int scopes = generated.scopes().size();
    return new Scorecard(
        kind, hours, scopes, spikes, detected, ratio(detected, spikes), ratios(bySize),
        falseAlerts, falseAlerts / (scopes * hours / 24.0), median(delays), medians(delaysBySize), median(evidentDelays),
        detectable, detectedDetectable, ratio(detectedDetectable, detectable), ratios(detectableBySize),
        median(delaysAfterEvidence), collateral, raised.size(),
        generated.distractors(), generated.items().size(), seconds);
  }

  /** Spikes not counted in the detectable figures: their stories never carried enough evidence. */
  public int undetectable() {
    return spikes - detectable;
  }

  private static double ratio(int part, int whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  private static Map<String, Double> medians(Map<String, List<Double>> values) {
    Map<String, Double> medians = new LinkedHashMap<>();
    values.forEach((label, list) -> medians.put(label, median(list)));
    return medians;
  }

  private static Map<String, Double> ratios(Map<String, int[]> tallies) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    tallies.forEach((label, tally) -> ratios.put(label, ratio(tally[0], tally[1])));
    return ratios;
  }

  /** Whether {@code raisedAt} lies between the spike's start and its end plus one window of its scope. */
  private static boolean within(Instant raisedAt, InjectedSpike spike, WindowConfig window) {
    Duration size = windowOf(window, spike.scope()).size();
    return !raisedAt.isBefore(spike.start()) && !raisedAt.isAfter(spike.end().plus(size));
  }

  private static WindowConfig windowOf(WindowConfig window, String scope) {
    return window.forKind(Scope.parse(scope).kind());
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  /** The scores as one JSON-ready map; NaN (nothing to measure) becomes null. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("recall", round(recall));
    Map<String, Object> sizes = new LinkedHashMap<>();
    recallBySize.forEach((k, v) -> sizes.put(k, round(v)));
    m.put("recall_by_size", sizes);
    m.put("false_alerts_per_scope_day", round(falseAlertsPerScopeDay));
    m.put("median_delay_windows", round(medianDelayWindows));
    Map<String, Object> delaySizes = new LinkedHashMap<>();
    medianDelayBySize.forEach((k, v) -> delaySizes.put(k, round(v)));
    m.put("median_delay_by_size", delaySizes);
    m.put("median_evident_windows", round(medianEvidentWindows));
    m.put("spikes", spikes);
    m.put("detected", detected);
    m.put("detectable_spikes", detectable);
    m.put("undetectable_spikes", undetectable());
    m.put("detectable_evidence_nats", round(OracleEvidence.DETECTABLE));
    m.put("recall_detectable", round(recallDetectable));
    Map<String, Object> detectableSizes = new LinkedHashMap<>();
    recallDetectableBySize.forEach((k, v) -> detectableSizes.put(k, round(v)));
    m.put("recall_detectable_by_size", detectableSizes);
    m.put("median_delay_after_evidence_windows", round(medianDelayAfterEvidenceWindows));
    m.put("false_alerts", falseAlerts);
    m.put("collateral_alerts", collateral);
    m.put("episodes", episodes);
    m.put("distractors", distractors);
    m.put("scopes", scopes);
    m.put("hours", hours);
    m.put("items", items);
    m.put("seconds", round(seconds));
    return m;
  }

  private static Double round(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
  }
}
