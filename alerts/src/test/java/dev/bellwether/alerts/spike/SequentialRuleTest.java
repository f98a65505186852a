package dev.bellwether.alerts.spike;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.alerts.window.ClosedWindow;
import dev.bellwether.config.SpikeRuleConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sequential rule next to the windowed one, on a quiet scope of one new story a minute whose
 * windows are built minute by minute as the topology builds them: each window holds the last 15
 * minutes' stories, and its newest slice the stories of its last minute.
 */
class SequentialRuleTest {

  private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");
  private static final String SCOPE = "entity:HOOLI";
  private static final int SIZE = 15;

  /** The shipped thresholds, with the sequential rule given by each test. */
  private static SpikeRuleConfig rule(double sequentialThreshold) {
    return new SpikeRuleConfig(30, 240, 3, 1.5, 3.0, 5.0, 2.0, 3.0, 10, 3.0, sequentialThreshold);
  }

  /** Calm: one story a minute, every seventh negative (a share of about 0.14). */
  private static final String CALM = "N......";
  /** Three times the calm share: three stories in seven negative. */
  private static final String THREEFOLD = "N..N.N.";

  /** One quiet scope under a rule, fed minute by minute. */
  private static final class QuietScope {
    final SpikeRuleConfig rule;
    final SpikeDetector detector;
    final Deque<Boolean> lastMinutes = new ArrayDeque<>();
    final List<Alert> alerts = new ArrayList<>();
    ScopeState state;
    int minute;

    QuietScope(SpikeRuleConfig rule) {
      this.rule = rule;
      this.detector = new SpikeDetector(rule, Duration.ofMinutes(SIZE), Duration.ofMinutes(1));
    }

    /** One minute with one new story, negative or not, and the window ending with it. */
    void minute(boolean negative) {
      minute++;
      lastMinutes.addLast(negative);
      if (lastMinutes.size() > SIZE) {
        lastMinutes.removeFirst();
      }
      long stories = lastMinutes.size();
      long negatives = lastMinutes.stream().filter(b -> b).count();
      close(new ClosedWindow(window(stories, negatives), 1, negative ? 1 : 0));
    }

    void minutes(String pattern, int count) {
      for (int i = 0; i < count; i++) {
        minute(pattern.charAt(i % pattern.length()) == 'N');
      }
    }

    WindowStats window(long stories, long negatives) {
      Instant end = T0.plus(Duration.ofMinutes(minute));
      return new WindowStats(1, SCOPE, end.minus(Duration.ofMinutes(SIZE)), end, stories, negatives, 0,
          stories - negatives, stories, negatives, (double) negatives / stories, 0.0, List.of(), List.of("m@1#abc"));
    }

    void close(ClosedWindow closed) {
      SpikeDetector.Step step = detector.onWindow(state, closed);
      state = step.state();
      alerts.addAll(step.alerts());
    }

    /** Minute of the first alert of the episode, or -1. */
    int firstAlertMinute() {
      return alerts.stream().filter(a -> a.revision() == 1).findFirst()
          .map(a -> (int) Duration.between(T0, a.windowEnd()).toMinutes()).orElse(-1);
    }
  }

  @Test
  void detectsSlowThreefoldSpikeInQuietScopeWithinTwoAdvancesOfEnoughEvidence() {
    QuietScope scope = new QuietScope(rule(6.0));
    scope.minutes(CALM, 4 * 60 + 4);
    int spikeStart = scope.minute;
    double p = scope.state.baseline().share();
    double q = 3.0 * p;
    double evidence = 0;
    int enough = -1;
    for (int i = 0; i < 30 && scope.alerts.isEmpty(); i++) {
      boolean negative = THREEFOLD.charAt(i % THREEFOLD.length()) == 'N';
      scope.minute(negative);
      evidence = Math.max(0, evidence + (negative ? Math.log(q / p) : Math.log((1 - q) / (1 - p))));
      if (enough < 0 && evidence >= scope.rule.sequentialThreshold()) {
        enough = scope.minute;
      }
    }

    assertThat(enough).as("the spike's stories carry the threshold's evidence").isPositive();
    assertThat(scope.firstAlertMinute()).as("first alert, spike from minute %d", spikeStart)
        .isPositive()
        .isLessThanOrEqualTo(enough + 2);

    QuietScope windowedOnly = new QuietScope(rule(0.0));
    windowedOnly.minutes(CALM, 4 * 60 + 4);
    windowedOnly.minutes(THREEFOLD, scope.firstAlertMinute() - spikeStart);
    assertThat(windowedOnly.alerts).as("the windowed rule alone, at the same minute").isEmpty();
  }

  @Test
  void oneExtraNegativeStoryIsNotEnough() {
    QuietScope scope = new QuietScope(rule(6.0));
    scope.minutes(CALM, 4 * 60);
    scope.minute(true);
    scope.minutes(CALM, 60);

    assertThat(scope.alerts).isEmpty();
    assertThat(scope.state.evidence().logLikelihoodRatio()).isLessThan(scope.rule.sequentialThreshold());
  }

  @Test
  void volumeAtTheUsualShareDrivesTheEvidenceToZero() {
    QuietScope scope = new QuietScope(rule(6.0));
    scope.minutes(CALM, 4 * 60);
    for (int i = 0; i < 10; i++) {
      scope.minute++;
      scope.close(new ClosedWindow(scope.window(100, 14), 10, 1));
    }

    assertThat(scope.alerts).isEmpty();
    assertThat(scope.state.evidence()).isEqualTo(Evidence.NONE);
  }
}
