package dev.bellwether.alerts.bench;

import dev.bellwether.config.WindowConfig;
import dev.bellwether.event.Alert;
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
 * size (the last window holding spike items ends then). An episode matching no spike of its scope
 * is collateral when it is raised in that same interval of a spike whose boosted items also
 * counted in its scope (the market, or the topic of an entity spike's items), and false otherwise:
 * distractors that alert are therefore false alerts.
 *
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
 * @param collateral episodes in scopes a spike's items also counted in, during that spike
 * @param episodes alert episodes raised in all
 * @param distractors distractors injected (volume surges and syndicated copies)
 * @param items items replayed
 * @param seconds wall time of generation and replay
 */
public record Scorecard(
    int hours,
    int scopes,
    int spikes,
    int detected,
    double recall,
    Map<String, Double> recallBySize,
    int falseAlerts,
    double falseAlertsPerScopeDay,
    double medianDelayWindows,
    int collateral,
    int episodes,
    int distractors,
    int items,
    double seconds) {

  /** Scores {@code alerts} against what {@code generated} injected. */
  static Scorecard of(BenchStream.Generated generated, List<Alert> alerts, WindowConfig window, int hours, double seconds) {
    List<Alert> raised = alerts.stream().filter(a -> a.revision() == 1).toList();
    Duration size = window.size();
    double advanceMs = window.advance().toMillis();
    boolean[] matched = new boolean[raised.size()];
    List<Double> delays = new ArrayList<>();
    Map<String, int[]> bySize = new LinkedHashMap<>();
    for (int factor : BenchStream.FACTORS) {
      bySize.put(factor + "x", new int[2]);
    }
    int detected = 0;
    for (InjectedSpike spike : generated.spikes()) {
      int[] tally = bySize.get(spike.size());
      tally[1]++;
      for (int i = 0; i < raised.size(); i++) {
        Alert alert = raised.get(i);
        if (!matched[i] && alert.scope().equals(spike.scope()) && within(alert.windowEnd(), spike, size)) {
          matched[i] = true;
          tally[0]++;
          detected++;
          delays.add((alert.windowEnd().toEpochMilli() - spike.start().toEpochMilli()) / advanceMs);
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
          .anyMatch(s -> s.touched().contains(alert.scope()) && within(alert.windowEnd(), s, size));
      if (nearSpike) {
        collateral++;
      } else {
        falseAlerts++;
      }
    }
    Map<String, Double> recallBySize = new LinkedHashMap<>();
    bySize.forEach((label, tally) -> recallBySize.put(label, tally[1] == 0 ? Double.NaN : (double) tally[0] / tally[1]));
    int spikes = generated.spikes().size();
    int scopes = generated.scopes().size();
    return new Scorecard(
        hours, scopes, spikes, detected, spikes == 0 ? Double.NaN : (double) detected / spikes, recallBySize,
        falseAlerts, falseAlerts / (scopes * hours / 24.0), median(delays), collateral, raised.size(),
        generated.distractors(), generated.items().size(), seconds);
  }

  private static boolean within(Instant raisedAt, InjectedSpike spike, Duration size) {
    return !raisedAt.isBefore(spike.start()) && !raisedAt.isAfter(spike.end().plus(size));
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
    m.put("recall", round(recall));
    Map<String, Object> sizes = new LinkedHashMap<>();
    recallBySize.forEach((k, v) -> sizes.put(k, round(v)));
    m.put("recall_by_size", sizes);
    m.put("false_alerts_per_scope_day", round(falseAlertsPerScopeDay));
    m.put("median_delay_windows", round(medianDelayWindows));
    m.put("spikes", spikes);
    m.put("detected", detected);
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
