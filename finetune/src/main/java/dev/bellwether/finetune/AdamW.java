package dev.bellwether.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW over a fixed list of parameters, each with its own step-size multiplier (the heads learn
 * faster than the pre-trained encoder), through PyTorch's fused update. Gradients are clipped to
 * a global L2 norm of 1 and zeroed after every step, since PyTorch accumulates them.
 */
final class AdamW {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;
  private static final double MAX_NORM = 1.0;

  /** One parameter with its moment estimates. */
  private record Slot(NDArray weight, NDArray mean, NDArray variance, float rateScale, float decay) {}

  private final List<Slot> slots = new ArrayList<>();
  private int step;

  /**
   * Starts tracking gradients of the given parameters.
   *
   * @param rateScale multiplier of the step size for these parameters
   * @param decay decoupled weight decay (0 for biases and LayerNorm weights)
   */
  void add(NDArray weight, float rateScale, float decay, NDManager manager) {
    weight.setRequiresGradient(true);
    slots.add(new Slot(weight, manager.zeros(weight.getShape()), manager.zeros(weight.getShape()), rateScale, decay));
  }

  /** Parameters tracked. */
  int size() {
    return slots.size();
  }

  /**
   * Applies one update from the gradients left by the last backward pass, unless they are not
   * finite: then it applies nothing and zeroes them, so one bad batch cannot turn every weight
   * into NaN.
   *
   * @param rate step size of this step (schedule applied by the caller)
   * @return the global gradient norm before clipping; not finite when the update was skipped
   */
  double update(float rate) {
    double squares = 0;
    List<NDArray> grads = new ArrayList<>(slots.size());
    for (Slot s : slots) {
      NDArray g = s.weight().getGradient();
      grads.add(g);
      // Results attach to the gradient's (long-lived) manager: close them here, every step.
      try (NDArray sq = g.pow(2); NDArray sum = sq.sum()) {
        squares += sum.getFloat();
      }
    }
    double norm = Math.sqrt(squares);
    if (!Double.isFinite(norm)) {
      grads.forEach(AdamW::clear);
      return norm;
    }
    step++;
    float rescale = (float) (norm > MAX_NORM ? MAX_NORM / norm : 1.0);
    double correction = Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      NDArray g = grads.get(i);
      float lr = rate * s.rateScale();
      s.weight().getNDArrayInternal().adamUpdate(
          new NDList(s.weight(), g, s.mean(), s.variance()), new NDList(s.weight()),
          lr, (float) (lr * correction), s.decay(), rescale, -1f, BETA1, BETA2, EPSILON, false, true);
      g.muli(0);
      g.close();
    }
    return norm;
  }

  /** Drops the gradients of the last backward pass without applying them. */
  void discard() {
    for (Slot s : slots) {
      clear(s.weight().getGradient());
    }
  }

  // Multiplying by 0 leaves NaN where the gradient was NaN or infinite, and PyTorch adds the next
  // step's gradients to these: those elements are set to 0 through a mask.
  private static void clear(NDArray gradient) {
    // The scope closes the mask and the scalar that set() makes, which would outlive the step otherwise.
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      gradient.muli(0);
      gradient.set(gradient.isNaN(), 0f);
    }
    gradient.close();
  }
}
