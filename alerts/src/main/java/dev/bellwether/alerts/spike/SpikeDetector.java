package dev.bellwether.alerts.spike;

import dev.bellwether.config.SpikeRuleConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The negative-spike rule and the alert lifecycle of one scope, without Kafka: given the scope's
 * state and its next closed window, it returns the new state and the alert revisions to publish.
 *
 * <p>An episode starts at the first window at or above the warning level once the scope is warm;
 * every later window publishes the next revision of the same alert; after
 * {@code quietWindowsToResolve} consecutive windows below the warning level it publishes the
 * resolution and ends. Windows inside an episode do not update the baseline, so a long spike
 * cannot teach the baseline that spikes are normal.
 */
public final class SpikeDetector {

  /** The rule name in alerts and alert ids. */
  public static final String RULE = "negative-spike";

  /**
   * Spans of the baseline after which missing windows stop being folded in one by one: after
   * ten spans the weight of the old baseline is below e^-20, so further zeros change nothing that
   * matters, and the loop stays bounded however long a scope was silent.
   */
  static final int MAX_FILL_SPANS = 10;

  private final SpikeRuleConfig rule;
  private final long sizeMs;
  private final long advanceMs;
  private final long maxFill;

  /** A detector for {@code rule} over windows of {@code size} hopping by {@code advance}. */
  public SpikeDetector(SpikeRuleConfig rule, Duration size, Duration advance) {
    this.rule = rule;
    this.sizeMs = size.toMillis();
    this.advanceMs = advance.toMillis();
    this.maxFill = (long) MAX_FILL_SPANS * rule.baselineWindows();
  }

  /**
   * The outcome of one window.
   *
   * @param state the scope's state after it
   * @param alerts alert revisions to publish, oldest first
   */
  public record Step(ScopeState state, List<Alert> alerts) {}

  /**
   * Handles the next closed window of a scope. Windows without items never close in Streams, so
   * the windows missing between the last one seen and this one are first folded in as empty
   * observations. A window not after the last one seen (a replay) changes nothing.
   */
  public Step onWindow(ScopeState previous, WindowStats window) {
    ScopeState state = previous == null ? ScopeState.initial() : previous;
    List<Alert> alerts = new ArrayList<>();
    Instant last = state.lastWindowEnd();
    if (last != null) {
      if (!window.windowEnd().isAfter(last)) {
        return new Step(state, List.of());
      }
      long missing = (window.windowEnd().toEpochMilli() - last.toEpochMilli()) / advanceMs - 1;
      long filled = Math.min(missing, maxFill);
      for (long i = 1; i <= filled; i++) {
        state = observe(state, emptyWindow(window.scope(), last.plusMillis(i * advanceMs)), alerts);
      }
      if (missing > filled) {
        state = new ScopeState(state.baseline(), state.windowsSeen() + missing - filled, state.lastWindowEnd(), state.episode());
      }
    }
    state = observe(state, window, alerts);
    return new Step(state, alerts);
  }

  private ScopeState observe(ScopeState state, WindowStats window, List<Alert> alerts) {
    Assessment assessment = Assessment.of(window, state.baseline(), rule);
    Episode episode = state.episode();
    long seen = state.windowsSeen() + 1;
    if (episode == null) {
      boolean warm = state.windowsSeen() >= rule.warmUpWindows();
      if (warm && assessment.level() != Level.NONE) {
        Episode started =
            new Episode(
                Alert.idOf(RULE, window.scope(), window.windowStart()),
                window.windowStart(),
                1,
                assessment.level().severity(),
                0);
        alerts.add(alert(started, Alert.Status.FIRING, window, assessment, state.baseline()));
        return new ScopeState(state.baseline(), seen, window.windowEnd(), started);
      }
      Baseline updated =
          state.baseline().observe(window.negativeStories(), window.stories(), rule.baselineWindows());
      return new ScopeState(updated, seen, window.windowEnd(), null);
    }
    int quiet = assessment.level() == Level.NONE ? episode.quietWindows() + 1 : 0;
    Level peak = Level.of(episode.severity());
    if (assessment.level().compareTo(peak) > 0) {
      peak = assessment.level();
    }
    Episode next = new Episode(episode.id(), episode.start(), episode.revision() + 1, peak.severity(), quiet);
    boolean resolved = quiet >= rule.quietWindowsToResolve();
    alerts.add(
        alert(next, resolved ? Alert.Status.RESOLVED : Alert.Status.FIRING, window, assessment, state.baseline()));
    return new ScopeState(state.baseline(), seen, window.windowEnd(), resolved ? null : next);
  }

  private WindowStats emptyWindow(String scope, Instant end) {
    return new WindowStats(
        WindowStats.SCHEMA_VERSION, scope, end.minusMillis(sizeMs), end, 0, 0, 0, 0, 0, 0, 0.0, 0.0, List.of(), List.of());
  }

  private static Alert alert(
      Episode episode, Alert.Status status, WindowStats window, Assessment assessment, Baseline baseline) {
    return new Alert(
        Alert.SCHEMA_VERSION,
        episode.id(),
        RULE,
        window.scope(),
        episode.severity(),
        status,
        episode.start(),
        window.windowStart(),
        window.windowEnd(),
        window.negativeShare(),
        baseline.shareMean(),
        window.negativeStories(),
        baseline.countMean(),
        assessment.zScore(),
        assessment.ratio(),
        window.topNegative(),
        window.models(),
        episode.revision(),
        window.windowEnd());
  }
}
