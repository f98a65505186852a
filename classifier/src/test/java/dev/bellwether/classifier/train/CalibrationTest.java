package dev.bellwether.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bellwether.classifier.model.HeadsGraph;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  /**
   * Labels drawn from softmax(z / 2.5) with logits z: a model reporting softmax(z) is
   * overconfident by exactly a temperature of 2.5, which the fit must find.
   */
  @Test
  void findsTheTemperatureThatGeneratedTheLabels() {
    Random random = new Random(3);
    int n = 20_000;
    float[][] logits = new float[n][3];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 3; k++) {
        logits[i][k] = (float) (random.nextGaussian() * 4);
      }
      float[] p = Calibration.probabilities(new float[][] {logits[i]}, 2.5)[0];
      double u = random.nextDouble();
      labels[i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
    }

    Calibration.Fit fit = Calibration.fit(logits, labels);

    assertThat(fit.temperature()).isCloseTo(2.5, within(0.1));
    assertThat(fit.after().nll()).isLessThan(fit.before().nll());
    assertThat(fit.after().ece()).isLessThan(0.02).isLessThan(fit.before().ece() / 3);
    assertThat(fit.after().confidence()).isLessThan(fit.before().confidence());
    assertThat(fit.after().accuracy()).isEqualTo(fit.before().accuracy());
  }

  @Test
  void aModelThatIsAlreadyCalibratedKeepsATemperatureNearOne() {
    Random random = new Random(5);
    int n = 20_000;
    float[][] logits = new float[n][2];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      logits[i][0] = (float) (random.nextGaussian() * 2);
      float p0 = Calibration.probabilities(new float[][] {logits[i]}, 1)[0][0];
      labels[i] = random.nextDouble() < p0 ? 0 : 1;
    }
    assertThat(Calibration.temperature(logits, labels)).isCloseTo(1.0, within(0.06));
  }

  @Test
  void qualityOfHandMadeProbabilities() {
    float[][] p = {{0.9f, 0.1f}, {0.9f, 0.1f}, {0.3f, 0.7f}, {0.4f, 0.6f}};
    int[] labels = {0, 1, 1, 1};

    Calibration.Quality q = Calibration.quality(p, labels);

    assertThat(q.accuracy()).isEqualTo(0.75);
    assertThat(q.confidence()).isCloseTo((0.9 + 0.9 + 0.7 + 0.6) / 4, within(1e-6));
    // Bins: 0.9 twice (1 of 2 right: gap 0.4 x 2), 0.7 (right: gap 0.3), 0.6 (right: gap 0.4).
    assertThat(q.ece()).isCloseTo((2 * 0.4 + 0.3 + 0.4) / 4, within(1e-6));
    assertThat(q.nll()).isCloseTo(-(Math.log(0.9) + Math.log(0.1) + Math.log(0.7) + Math.log(0.6)) / 4, within(1e-6));
  }

  @Test
  void scalingTheLastLayerDividesTheLogitsAndKeepsThePredictions() {
    Random random = new Random(11);
    List<HeadsGraph.Dense> head = List.of(dense(random, 4, 6), dense(random, 6, 3));
    float[][] x = new float[50][4];
    for (float[] row : x) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) random.nextGaussian();
      }
    }

    float[][] before = Calibration.logits(head, x);
    float[][] after = Calibration.logits(Calibration.scaled(head, 1.7), x);

    for (int r = 0; r < x.length; r++) {
      for (int k = 0; k < 3; k++) {
        assertThat(after[r][k]).isCloseTo(before[r][k] / 1.7f, within(1e-5f));
      }
      assertThat(Trainer.argmax(after[r])).isEqualTo(Trainer.argmax(before[r]));
    }
    assertThat(Calibration.scaled(head, 1.7).get(0)).isSameAs(head.get(0));
  }

  @Test
  void rejectsMismatchedInputAndBadTemperatures() {
    assertThatThrownBy(() -> Calibration.temperature(new float[2][3], new int[3]))
        .hasMessageContaining("2 rows and 3 labels");
    List<HeadsGraph.Dense> head = List.of(dense(new Random(1), 2, 2));
    assertThatThrownBy(() -> Calibration.scaled(head, 0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> Calibration.scaled(head, Double.NaN)).hasMessageContaining("positive");
  }

  private static HeadsGraph.Dense dense(Random random, int in, int out) {
    float[][] w = new float[in][out];
    float[] b = new float[out];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < out; j++) {
        w[i][j] = (float) random.nextGaussian();
      }
    }
    for (int j = 0; j < out; j++) {
      b[j] = (float) random.nextGaussian();
    }
    return new HeadsGraph.Dense(w, b);
  }
}
