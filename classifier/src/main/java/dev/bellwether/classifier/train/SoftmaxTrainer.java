package dev.bellwether.classifier.train;

import dev.bellwether.classifier.model.HeadsGraph;
import java.util.ArrayList;
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

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

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
    Net net = Net.init(sizes, random);
    Net adamM = Net.zeros(sizes);
    Net adamV = Net.zeros(sizes);
    double[] classWeight = classWeights(y, k, s.classWeightPower());
    int[] order = new int[xs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Net best = net.copy();
    Evaluation bestDev = Evaluation.of(labels, devY, net.predict(devXs));
    int bestEpoch = 0;
    long step = 0;
    for (int epoch = 1; epoch <= s.maxEpochs() && epoch - bestEpoch <= s.patience(); epoch++) {
      shuffle(order, random);
      for (int start = 0; start < order.length; start += s.batchSize()) {
        int end = Math.min(order.length, start + s.batchSize());
        Net grad = net.gradient(xs, y, order, start, end, classWeight, s.l2());
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

  /** Per-dimension mean and spread of the training vectors, folded into the first layer on export. */
  record Standardizer(float[] mean, float[] scale) {

    static Standardizer fit(float[][] x) {
      int d = x[0].length;
      double[] sum = new double[d];
      double[] sq = new double[d];
      for (float[] row : x) {
        for (int i = 0; i < d; i++) {
          sum[i] += row[i];
          sq[i] += (double) row[i] * row[i];
        }
      }
      float[] mean = new float[d];
      float[] scale = new float[d];
      for (int i = 0; i < d; i++) {
        double m = sum[i] / x.length;
        double var = Math.max(sq[i] / x.length - m * m, 0);
        mean[i] = (float) m;
        scale[i] = (float) (1.0 / Math.sqrt(var + 1e-8));
      }
      return new Standardizer(mean, scale);
    }

    float[][] apply(float[][] x) {
      float[][] out = new float[x.length][];
      for (int r = 0; r < x.length; r++) {
        float[] row = new float[x[r].length];
        for (int i = 0; i < row.length; i++) {
          row[i] = (x[r][i] - mean[i]) * scale[i];
        }
        out[r] = row;
      }
      return out;
    }
  }

  /** Weights and biases of a stack of dense layers, also used for gradients and Adam moments. */
  private static final class Net {
    final float[][][] w;
    final float[][] b;

    private Net(float[][][] w, float[][] b) {
      this.w = w;
      this.b = b;
    }

    static Net zeros(int[] sizes) {
      int layers = sizes.length - 1;
      float[][][] w = new float[layers][][];
      float[][] b = new float[layers][];
      for (int l = 0; l < layers; l++) {
        w[l] = new float[sizes[l]][sizes[l + 1]];
        b[l] = new float[sizes[l + 1]];
      }
      return new Net(w, b);
    }

    static Net init(int[] sizes, Random random) {
      Net n = zeros(sizes);
      for (int l = 0; l < n.w.length; l++) {
        // He initialisation for layers feeding a ReLU; small Glorot-like scale for the output.
        double sd = l < n.w.length - 1 ? Math.sqrt(2.0 / sizes[l]) : Math.sqrt(1.0 / sizes[l]);
        for (float[] row : n.w[l]) {
          for (int j = 0; j < row.length; j++) {
            row[j] = (float) (random.nextGaussian() * sd);
          }
        }
      }
      return n;
    }

    Net copy() {
      float[][][] w2 = new float[w.length][][];
      float[][] b2 = new float[b.length][];
      for (int l = 0; l < w.length; l++) {
        w2[l] = new float[w[l].length][];
        for (int i = 0; i < w[l].length; i++) {
          w2[l][i] = w[l][i].clone();
        }
        b2[l] = b[l].clone();
      }
      return new Net(w2, b2);
    }

    /** Activations of every layer for rows {@code idx[start..end)}; the last are probabilities. */
    float[][][] forward(float[][] x, int[] idx, int start, int end) {
      int n = end - start;
      float[][][] acts = new float[w.length + 1][][];
      acts[0] = new float[n][];
      for (int r = 0; r < n; r++) {
        acts[0][r] = x[idx == null ? start + r : idx[start + r]];
      }
      for (int l = 0; l < w.length; l++) {
        float[][] in = acts[l];
        float[][] out = new float[n][];
        for (int r = 0; r < n; r++) {
          float[] o = b[l].clone();
          float[] a = in[r];
          for (int i = 0; i < a.length; i++) {
            float ai = a[i];
            if (ai != 0f) {
              float[] wi = w[l][i];
              for (int j = 0; j < o.length; j++) {
                o[j] += ai * wi[j];
              }
            }
          }
          if (l < w.length - 1) {
            for (int j = 0; j < o.length; j++) {
              o[j] = Math.max(0f, o[j]);
            }
          } else {
            softmax(o);
          }
          out[r] = o;
        }
        acts[l + 1] = out;
      }
      return acts;
    }

    int[] predict(float[][] x) {
      int[] pred = new int[x.length];
      for (int start = 0; start < x.length; start += 256) {
        int end = Math.min(x.length, start + 256);
        float[][] p = forward(x, null, start, end)[w.length];
        for (int r = 0; r < p.length; r++) {
          pred[start + r] = argmax(p[r]);
        }
      }
      return pred;
    }

    Net gradient(float[][] x, int[] y, int[] idx, int start, int end, double[] classWeight, double l2) {
      float[][][] acts = forward(x, idx, start, end);
      int n = end - start;
      double total = 0;
      for (int r = 0; r < n; r++) {
        total += classWeight[y[idx[start + r]]];
      }
      Net g = zeros(sizes());
      float[][] delta = new float[n][];
      float[][] probs = acts[w.length];
      for (int r = 0; r < n; r++) {
        int label = y[idx[start + r]];
        float scale = (float) (classWeight[label] / total);
        float[] dz = probs[r].clone();
        dz[label] -= 1f;
        for (int j = 0; j < dz.length; j++) {
          dz[j] *= scale;
        }
        delta[r] = dz;
      }
      for (int l = w.length - 1; l >= 0; l--) {
        float[][] in = acts[l];
        for (int r = 0; r < n; r++) {
          float[] dz = delta[r];
          float[] a = in[r];
          for (int i = 0; i < a.length; i++) {
            float ai = a[i];
            if (ai != 0f) {
              float[] gi = g.w[l][i];
              for (int j = 0; j < dz.length; j++) {
                gi[j] += ai * dz[j];
              }
            }
          }
          for (int j = 0; j < dz.length; j++) {
            g.b[l][j] += dz[j];
          }
        }
        for (int i = 0; i < w[l].length; i++) {
          float[] gi = g.w[l][i];
          float[] wi = w[l][i];
          for (int j = 0; j < gi.length; j++) {
            gi[j] += (float) (l2 * wi[j]);
          }
        }
        if (l > 0) {
          float[][] prev = new float[n][];
          for (int r = 0; r < n; r++) {
            float[] dz = delta[r];
            float[] a = in[r];
            float[] da = new float[a.length];
            for (int i = 0; i < a.length; i++) {
              if (a[i] > 0f) {
                float[] wi = w[l][i];
                float s = 0f;
                for (int j = 0; j < dz.length; j++) {
                  s += wi[j] * dz[j];
                }
                da[i] = s;
              }
            }
            prev[r] = da;
          }
          delta = prev;
        }
      }
      return g;
    }

    void adam(Net grad, Net m, Net v, double lr, long step) {
      double c1 = 1 - Math.pow(BETA1, step);
      double c2 = 1 - Math.pow(BETA2, step);
      double alpha = lr * Math.sqrt(c2) / c1;
      for (int l = 0; l < w.length; l++) {
        for (int i = 0; i < w[l].length; i++) {
          update(w[l][i], grad.w[l][i], m.w[l][i], v.w[l][i], alpha);
        }
        update(b[l], grad.b[l], m.b[l], v.b[l], alpha);
      }
    }

    private static void update(float[] p, float[] g, float[] m, float[] v, double alpha) {
      for (int j = 0; j < p.length; j++) {
        m[j] = (float) (BETA1 * m[j] + (1 - BETA1) * g[j]);
        v[j] = (float) (BETA2 * v[j] + (1 - BETA2) * g[j] * g[j]);
        p[j] -= (float) (alpha * m[j] / (Math.sqrt(v[j]) + EPS));
      }
    }

    int[] sizes() {
      int[] s = new int[w.length + 1];
      for (int l = 0; l < w.length; l++) {
        s[l] = w[l].length;
      }
      s[w.length] = b[w.length - 1].length;
      return s;
    }

    /** The layers with {@code (x - mean) * scale} folded into the first: W' = scale W, b' = b - (mean scale) W. */
    List<HeadsGraph.Dense> export(Standardizer std) {
      List<HeadsGraph.Dense> out = new ArrayList<>();
      for (int l = 0; l < w.length; l++) {
        float[][] wl = new float[w[l].length][];
        float[] bl = b[l].clone();
        for (int i = 0; i < wl.length; i++) {
          wl[i] = w[l][i].clone();
          if (l == 0) {
            for (int j = 0; j < bl.length; j++) {
              bl[j] -= std.mean()[i] * std.scale()[i] * wl[i][j];
              wl[i][j] *= std.scale()[i];
            }
          }
        }
        out.add(new HeadsGraph.Dense(wl, bl));
      }
      return out;
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
