package dev.bellwether.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A non-finite gradient is dropped, not applied, and does not poison the steps after it. */
class AdamWTest {

  @Test
  void skipsANonFiniteGradientAndTheNextFiniteOneStillApplies() {
    BaseEncoder.pytorch(Path.of("target/djl-cache"), 1);
    try (NDManager root = NDManager.newBaseManager("PyTorch")) {
      NDArray weight = root.create(new float[] {1f, 2f, 3f});
      AdamW adam = new AdamW();
      adam.add(weight, 1f, 0f, root);

      backward(weight, root, Float.NaN);
      int arrays = root.getManagedArrays().size();
      double skipped = adam.update(0.1f);

      assertThat(skipped).isNaN();
      assertThat(weight.toFloatArray()).containsExactly(1f, 2f, 3f);
      assertThat(root.getManagedArrays()).as("nothing of the skipped step stays behind").hasSize(arrays);
      try (NDArray gradient = weight.getGradient()) {
        assertThat(gradient.toFloatArray()).containsExactly(0f, 0f, 0f);
      }

      backward(weight, root, 1f);
      double norm = adam.update(0.1f);

      assertThat(norm).isFinite().isPositive();
      float[] after = weight.toFloatArray();
      for (int i = 0; i < after.length; i++) {
        assertThat(after[i]).as("weight %d moved by one finite step", i).isFinite().isLessThan(i + 1f);
      }
    }
  }

  /** Leaves the gradient of {@code scale * sum(weight^2)} on {@code weight}. */
  private static void backward(NDArray weight, NDManager manager, float scale) {
    try (NDManager step = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss = weight.pow(2).sum().mul(scale);
      loss.attach(step);
      gc.backward(loss);
    }
  }
}
