package dev.bellwether.classifier.train;

import dev.bellwether.classifier.model.HeadsGraph;
import java.util.List;
import java.util.Random;

/**
 * Trains one softmax head on fixed sentence vectors: multinomial logistic regression when
 * {@code hidden} is 0, else one ReLU hidden layer; Adam with L2, early stopping on the dev
 * split's macro-F1. Single-threaded on purpose, so a seed gives the same weights bit for bit.
 */
final class SoftmaxTrainer {

  /**
   * Settings of one head.
   *
   * @param hidden width of the hidden layer, 0 for logistic regression
   * @param l2 L2 penalty on the weights
   * @param learningRate Adam step size
   * @param maxEpochs most passes over the training data
   * @param batchSize examples per step
   * @param patience epochs without a better dev macro-F1 before stopping
   * @param classWeightPower 0 weighs examples equally, 1 weighs classes equally
   */
  record Settings(
      int hidden, double l2, double learningRate, int maxEpochs, int batchSize, int patience, double classWeightPower) {}

  /**
   * A trained head.
   *
   * @param layers dense layers with the input standardisation folded into the first
   * @param epochs epoch whose weights were kept
   * @param dev evaluation on the dev split at that epoch
   */
  record Result(List<HeadsGraph.Dense> layers, int epochs, Evaluation dev) {}

  private SoftmaxTrainer() {}

  static Result train(
      float[][] x, int[] y, float[][] devX, int[] devY, List<String> labels, Settings s, long seed,
      java.util.function.IntConsumer epochDone) {
    int d = x[0].length;
    int k = labels.size();
    Standardizer std = Standardizer.fit(x);
    float[][] xs = std.apply(x);
    float[][] devXs = std.apply(devX);
    int[] sizes = s.hidden() > 0 ? new int[] {d, s.hidden(), k} : new int[] {d, k};
    Random random = new Random(seed);
    DenseStack net = DenseStack.init(sizes, random);
    DenseStack adamM = DenseStack.zeros(sizes);
    DenseStack adamV = DenseStack.zeros(sizes);
    double[] classWeight = classWeights(y, k, s.classWeightPower());
    int[] order = new int[xs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    DenseStack best = net.copy();
    Evaluation bestDev = Evaluation.of(labels, devY, net.predict(devXs));
    int bestEpoch = 0;
    long step = 0;
    for (int epoch = 1; epoch <= s.maxEpochs() && epoch - bestEpoch <= s.patience(); epoch++) {
      shuffle(order, random);
      for (int start = 0; start < order.length; start += s.batchSize()) {
        int end = Math.min(order.length, start + s.batchSize());
        DenseStack grad = net.gradient(xs, y, order, start, end, classWeight, s.l2());
        step++;
        net.adam(grad, adamM, adamV, s.learningRate(), step);
      }
      Evaluation dev = Evaluation.of(labels, devY, net.predict(devXs));
      if (dev.macroF1() > bestDev.macroF1()) {
        bestDev = dev;
        best = net.copy();
        bestEpoch = epoch;
      }
      epochDone.accept(epoch);
    }
    return new Result(best.export(std), bestEpoch, bestDev);
  }

  /**
   * Continues training a head from exported layers for a fixed number of epochs and keeps the
   * last weights: the heads already fit the base data, so early stopping on the base dev split
   * would keep them unchanged; whether the result is better is for the caller to judge on
   * held-out data.
   */
  static Result continueFrom(
      List<HeadsGraph.Dense> start, float[][] x, int[] y, float[][] devX, int[] devY, List<String> labels,
      Settings s, long seed, java.util.function.IntConsumer epochDone) {
    Standardizer std = Standardizer.fit(x);
    float[][] xs = std.apply(x);
    DenseStack net = DenseStack.unfold(start, std);
    int[] sizes = net.sizes();
    DenseStack adamM = DenseStack.zeros(sizes);
    DenseStack adamV = DenseStack.zeros(sizes);
    double[] classWeight = classWeights(y, labels.size(), s.classWeightPower());
    Random random = new Random(seed);
    int[] order = new int[xs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    long step = 0;
    for (int epoch = 1; epoch <= s.maxEpochs(); epoch++) {
      shuffle(order, random);
      for (int begin = 0; begin < order.length; begin += s.batchSize()) {
        int end = Math.min(order.length, begin + s.batchSize());
        DenseStack grad = net.gradient(xs, y, order, begin, end, classWeight, s.l2());
        step++;
        net.adam(grad, adamM, adamV, s.learningRate(), step);
      }
      epochDone.accept(epoch);
    }
    Evaluation dev = Evaluation.of(labels, devY, devX.length == 0 ? new int[0] : net.predict(std.apply(devX)));
    return new Result(net.export(std), s.maxEpochs(), dev);
  }

  private static double[] classWeights(int[] y, int k, double power) {
    double[] count = new double[k];
    for (int label : y) {
      count[label]++;
    }
    double[] w = new double[k];
    for (int c = 0; c < k; c++) {
      w[c] = count[c] == 0 ? 0 : Math.pow(y.length / (k * count[c]), power);
    }
    return w;
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  static void softmax(float[] z) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int j = 0; j < z.length; j++) {
      z[j] = (float) Math.exp(z[j] - max);
      sum += z[j];
    }
    for (int j = 0; j < z.length; j++) {
      z[j] /= (float) sum;
    }
  }

  /** Index of the largest value, the first on ties. */
  static int argmax(float[] p) {
    int best = 0;
    for (int j = 1; j < p.length; j++) {
      if (p[j] > p[best]) {
        best = j;
      }
    }
    return best;
  }
}
