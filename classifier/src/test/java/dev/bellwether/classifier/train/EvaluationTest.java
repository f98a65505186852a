package dev.bellwether.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics on a hand-made confusion case whose numbers are worked out in the comment. */
class EvaluationTest {

  // truth:     a a a a b b c c c c
  // predicted: a a a b b c c c c a
  // confusion rows (true) x cols (pred): a[3,1,0] b[0,1,1] c[1,0,3]
  private final Evaluation e = Evaluation.of(List.of("a", "b", "c"),
      new int[] {0, 0, 0, 0, 1, 1, 2, 2, 2, 2},
      new int[] {0, 0, 0, 1, 1, 2, 2, 2, 2, 0});

  @Test
  void buildsTheConfusionMatrixWithTruthInRows() {
    assertThat(e.confusion()).isDeepEqualTo(new int[][] {{3, 1, 0}, {0, 1, 1}, {1, 0, 3}});
  }

  @Test
  void computesPerClassPrecisionRecallAndF1() {
    assertThat(e.precision(0)).isCloseTo(3.0 / 4, within(1e-12));
    assertThat(e.recall(0)).isCloseTo(3.0 / 4, within(1e-12));
    assertThat(e.precision(1)).isCloseTo(1.0 / 2, within(1e-12));
    assertThat(e.recall(1)).isCloseTo(1.0 / 2, within(1e-12));
    assertThat(e.precision(2)).isCloseTo(3.0 / 4, within(1e-12));
    assertThat(e.f1(2)).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void averagesMacroAndWeightedAndCountsAccuracy() {
    assertThat(e.accuracy()).isCloseTo(0.7, within(1e-12));
    assertThat(e.macroF1()).isCloseTo((0.75 + 0.5 + 0.75) / 3, within(1e-12));
    assertThat(e.weightedF1()).isCloseTo((0.75 * 4 + 0.5 * 2 + 0.75 * 4) / 10, within(1e-12));
    assertThat(e.toMap()).containsEntry("accuracy", 0.7).containsEntry("macro_f1", 0.6667);
  }

  @Test
  void leavesClassesWithoutExamplesOutOfTheMacroAverage() {
    Evaluation partial = Evaluation.of(List.of("a", "b", "c"), new int[] {0, 0, 1}, new int[] {0, 0, 2});
    assertThat(partial.f1(2)).isZero();
    assertThat(partial.macroF1()).isCloseTo((1.0 + 0.0) / 2, within(1e-12));
  }

  @Test
  void reportsEveryClassAndTheMatrix() {
    assertThat(e.report()).contains("macro f1", "accuracy", "0.700").containsPattern("c\\s+1\\s+0\\s+3");
  }
}
