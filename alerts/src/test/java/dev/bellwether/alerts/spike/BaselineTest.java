package dev.bellwether.alerts.spike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BaselineTest {

  private static final int SPAN = 60;
  private static final int OVERLAP = 15;

  private static Baseline steady(long negativeStories, long stories, int windows) {
    Baseline b = Baseline.empty();
    for (int i = 0; i < windows; i++) {
      b = b.observe(negativeStories, stories, SPAN);
    }
    return b;
  }

  @Test
  void averagesPlainlyUntilTheSpanThenWeighsRecentWindowsMore() {
    Baseline b = Baseline.empty().observe(2, 10, SPAN).observe(4, 10, SPAN);
    assertThat(b.negativeMean()).isCloseTo(3.0, within(1e-9));
    assertThat(b.share()).isCloseTo(0.3, within(1e-9));

    Baseline steady = steady(5, 20, 600);
    assertThat(steady.share()).isCloseTo(0.25, within(1e-9));
    Baseline moved = steady.observe(15, 20, SPAN);
    assertThat(moved.negativeMean()).isCloseTo(5.0 + 10.0 * 2 / 61, within(1e-9));
  }

  @Test
  void emptyWindowsLowerTheVolumeButLeaveTheShareAlone() {
    Baseline b = Baseline.empty().observe(4, 8, 10).observe(0, 0, 10);
    assertThat(b.storyMean()).isEqualTo(4.0);
    assertThat(b.share()).isEqualTo(0.5);
    assertThat(b.observations()).isEqualTo(2);
  }

  @Test
  void surgeOfNewsAtTheUsualShareScoresAboutZeroAndATripledShareHigh() {
    Baseline busy = steady(8, 40, 300);
    assertThat(busy.zScore(16, 80, OVERLAP, SPAN)).isCloseTo(0.0, within(0.05));
    assertThat(busy.zScore(24, 40, OVERLAP, SPAN)).isGreaterThan(3.0);
    assertThat(busy.ratio(0.6)).isCloseTo(3.0, within(1e-9));
    assertThat(busy.expectedNegative(50)).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void smallExcessOfAQuietScopeScoresBelowThePlainStandardScore() {
    Baseline quiet = steady(1, 12, 300);
    double plain = (4 - quiet.expectedNegative(12)) / Math.sqrt(12 * quiet.share() * (1 - quiet.share()));
    double z = quiet.zScore(4, 12, OVERLAP, SPAN);
    assertThat(z).isPositive().isLessThan(plain);
  }

  @Test
  void floorsTheShareAtFivePercent() {
    Baseline silent = steady(0, 30, 100);
    assertThat(silent.share()).isEqualTo(Baseline.SHARE_FLOOR);
    assertThat(silent.ratio(0.5)).isCloseTo(0.5 / Baseline.SHARE_FLOOR, within(1e-9));
  }

  @Test
  void freshBaselineWidensTheSpreadForItsOwnUncertainty() {
    Baseline fresh = steady(4, 20, 3);
    Baseline learned = steady(4, 20, 300);
    assertThat(fresh.share()).isEqualTo(learned.share());
    assertThat(fresh.zScore(12, 20, OVERLAP, SPAN)).isLessThan(learned.zScore(12, 20, OVERLAP, SPAN));
  }

  @Test
  void boundsTheDispersionOfAWildScope() {
    Baseline wild = Baseline.empty();
    for (int i = 0; i < 500; i++) {
      wild = wild.observe(i % 2 == 0 ? 0 : 20, 20, SPAN);
    }
    assertThat(wild.dispersion()).isEqualTo(Baseline.MAX_DISPERSION);
    assertThat(steady(5, 20, 300).dispersion()).isEqualTo(1.0);
    assertThat(new Baseline(1, 10, 5, 0.0).dispersion()).as("state stored before the field existed").isEqualTo(1.0);
  }

  @Test
  void foldingEmptyWindowsInClosedFormEqualsFoldingThemOneByOne() {
    for (long start : new long[] {0, 3, 100, 500}) {
      Baseline b = Baseline.empty();
      for (int i = 0; i < start; i++) {
        b = b.observe(i % 4, 10, 240);
      }
      for (long k : new long[] {1, 7, 119, 2_000}) {
        Baseline stepwise = b;
        for (long i = 0; i < k; i++) {
          stepwise = stepwise.observe(0, 0, 240);
        }
        Baseline closed = b.observeEmpty(k, 240);
        assertThat(closed.observations()).isEqualTo(stepwise.observations());
        assertThat(closed.negativeMean()).isCloseTo(stepwise.negativeMean(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(closed.storyMean()).isCloseTo(stepwise.storyMean(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(closed.dispersion()).isEqualTo(stepwise.dispersion());
      }
    }
  }
}
