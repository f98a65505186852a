package dev.bellwether.alerts.spike;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.alerts.window.ClosedWindow;
import dev.bellwether.config.SpikeRuleConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spike rule and episode lifecycle on hand-made window sequences, without Kafka. */
class SpikeDetectorTest {

  private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");
  private static final String SCOPE = "entity:ACME";
  private static final SpikeRuleConfig RULE = new SpikeRuleConfig(5, 240, 3, 1.5, 4.0, 8.0, 2.0, 3.0, 3);

  /** Windows overlapping one another: size over advance. */
  private static final int OVERLAP = 15;

  private final SpikeDetector detector = new SpikeDetector(RULE, Duration.ofMinutes(15), Duration.ofMinutes(1));
  private ScopeState state;
  private int minute;
  private final List<Alert> alerts = new ArrayList<>();

  private void window(long stories, long negativeStories) {
    minute++;
    Instant end = T0.plus(Duration.ofMinutes(minute));
    WindowStats w = new WindowStats(1, SCOPE, end.minus(Duration.ofMinutes(15)), end, stories, negativeStories, 0,
        stories - negativeStories, stories, negativeStories, stories == 0 ? 0 : (double) negativeStories / stories,
        0.0, List.of(), List.of("m@1#abc"));
    SpikeDetector.Step step = detector.onWindow(state, ClosedWindow.of(w));
    state = step.state();
    alerts.addAll(step.alerts());
  }

  private void calm(int windows) {
    for (int i = 0; i < windows; i++) {
      window(20, i % 2 == 0 ? 2 : 3);
    }
  }

  @Test
  void burstAfterCalmStartsOneEpisodeEscalatesAndResolvesAfterQuietWindows() {
    calm(60);
    Baseline before = state.baseline();
    window(24, 14);
    window(30, 28);
    window(30, 28);
    calm(3);

    assertThat(alerts).extracting(Alert::revision).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(alerts).extracting(Alert::id).containsOnly(alerts.get(0).id());
    assertThat(alerts.get(0).severity()).isEqualTo(Alert.Severity.WARNING);
    assertThat(alerts.get(1).severity()).isEqualTo(Alert.Severity.CRITICAL);
    assertThat(alerts.get(5).severity()).as("an episode never de-escalates").isEqualTo(Alert.Severity.CRITICAL);
    assertThat(alerts).extracting(Alert::status).containsExactly(
        Alert.Status.FIRING, Alert.Status.FIRING, Alert.Status.FIRING, Alert.Status.FIRING, Alert.Status.FIRING,
        Alert.Status.RESOLVED);
    assertThat(alerts.get(0).baselineNegativeStories()).isEqualTo(before.expectedNegative(24));
    assertThat(alerts.get(0).baselineNegativeShare()).isEqualTo(before.share());
    assertThat(state.episode()).isNull();
    calm(OVERLAP);
    assertThat(state.baseline().observations())
        .as("the six windows of the episode are never folded in")
        .isEqualTo(before.observations() + 6 + OVERLAP - 6);
    assertThat(state.baseline().share()).isCloseTo(before.share(), org.assertj.core.api.Assertions.within(0.01));
  }

  @Test
  void spikeBuildingUpSlowlyIsNotLearnedAsNormal() {
    calm(60);
    double calmShare = state.baseline().share();
    for (int negative = 4; negative <= 16; negative++) {
      window(20, negative);
      window(20, negative);
    }
    assertThat(alerts).as("the ramp fires").isNotEmpty();
    assertThat(state.baseline().share())
        .as("the ramp reaches 80%% negative; only its first, noise-level windows may be learned")
        .isCloseTo(calmShare, org.assertj.core.api.Assertions.within(0.05));
  }

  @Test
  void foldsAWindowOnlyOnceItNoLongerOverlapsTheNewest() {
    calm(OVERLAP);
    assertThat(state.baseline().observations()).isZero();
    assertThat(state.pending()).hasSize(OVERLAP);
    calm(1);
    assertThat(state.baseline().observations()).isEqualTo(1);
    assertThat(state.pending()).hasSize(OVERLAP);
  }

  @Test
  void doesNotFireDuringWarmUp() {
    calm(4);
    window(24, 20);
    assertThat(alerts).isEmpty();
    assertThat(state.windowsSeen()).isEqualTo(5);
  }

  @Test
  void steadilyNegativeScopeDoesNotFire() {
    for (int i = 0; i < 60; i++) {
      window(20, 14 + i % 3);
    }
    assertThat(alerts).isEmpty();
  }

  @Test
  void needsTheMinimumNumberOfNegativeStories() {
    calm(30);
    window(3, 2);
    assertThat(alerts).isEmpty();
  }

  @Test
  void foldsMissingWindowsInAsEmptyObservations() {
    calm(30);
    double before = state.baseline().storyMean();
    minute += 9;
    window(20, 2);
    assertThat(state.windowsSeen()).isEqualTo(40);
    assertThat(state.baseline().observations()).isEqualTo(40 - OVERLAP);
    assertThat(state.pending()).hasSize(OVERLAP).filteredOn(p -> p.stories() == 0).hasSize(9);
    calm(OVERLAP);
    assertThat(state.baseline().storyMean()).isLessThan(before);
    assertThat(state.lastWindowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(minute)));
  }

  @Test
  void foldsAVeryLongSilenceInFullWithoutAStepPerWindow() {
    calm(30);
    minute += 100_000;
    window(20, 2);
    assertThat(state.windowsSeen()).isEqualTo(30 + 100_001);
    assertThat(state.baseline().observations()).isEqualTo(30 - OVERLAP + 100_001);
    assertThat(state.lastWindowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(minute)));
  }

  @Test
  void silenceDuringAnEpisodeResolvesIt() {
    calm(30);
    window(30, 25);
    minute += 5;
    window(20, 2);
    assertThat(alerts).extracting(Alert::status).endsWith(Alert.Status.RESOLVED);
    assertThat(alerts).filteredOn(a -> a.status() == Alert.Status.RESOLVED).singleElement()
        .satisfies(a -> assertThat(a.negativeStories()).isZero());
    assertThat(state.episode()).isNull();
  }

  @Test
  void ignoresAReplayedWindow() {
    calm(30);
    ScopeState before = state;
    minute -= 3;
    window(30, 25);
    assertThat(state).isEqualTo(before);
    assertThat(alerts).isEmpty();
  }
}
