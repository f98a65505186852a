package dev.bellwether.alerts.spike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BaselineTest {

  @Test
  void averagesPlainlyUntilTheSpanThenWeighsRecentWindowsMore() {
    Baseline b = Baseline.empty().observe(2, 10, 60).observe(4, 10, 60);
    assertThat(b.countMean()).isCloseTo(3.0, within(1e-9));
    assertThat(b.countVariance()).isCloseTo(1.0, within(1e-9));

    Baseline steady = Baseline.empty();
    for (int i = 0; i < 600; i++) {
      steady = steady.observe(5, 20, 60);
    }
    assertThat(steady.countMean()).isCloseTo(5.0, within(1e-9));
    assertThat(steady.shareMean()).isCloseTo(0.25, within(1e-9));
    Baseline moved = steady.observe(15, 20, 60);
    assertThat(moved.countMean()).isCloseTo(5.0 + 10.0 * 2 / 61, within(1e-9));
  }

  @Test
  void emptyWindowsLowerTheCountButLeaveTheShareAlone() {
    Baseline b = Baseline.empty().observe(4, 8, 10).observe(0, 0, 10);
    assertThat(b.countMean()).isEqualTo(2.0);
    assertThat(b.shareMean()).isEqualTo(0.5);
    assertThat(b.shareObservations()).isEqualTo(1);
    assertThat(b.countObservations()).isEqualTo(2);
  }

  @Test
  void floorsTheStandardDeviationPoissonLikeAndTheShareAtFivePercent() {
    Baseline silent = Baseline.empty().observe(0, 3, 60).observe(0, 3, 60);
    assertThat(silent.countStdDev()).isEqualTo(1.0);
    assertThat(silent.zScore(4)).isEqualTo(4.0);
    assertThat(silent.ratio(0.5)).isCloseTo(0.5 / Baseline.SHARE_FLOOR, within(1e-9));

    Baseline busy = Baseline.empty();
    for (int i = 0; i < 100; i++) {
      busy = busy.observe(16, 40, 60);
    }
    assertThat(busy.countVariance()).isZero();
    assertThat(busy.countStdDev()).isCloseTo(4.0, within(1e-9));
    assertThat(busy.zScore(24)).isCloseTo(2.0, within(1e-9));
    assertThat(busy.ratio(0.8)).isCloseTo(2.0, within(1e-9));
  }
}
