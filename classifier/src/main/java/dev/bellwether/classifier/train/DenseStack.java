package dev.bellwether.classifier.train;

import dev.bellwether.classifier.model.HeadsGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Weights and biases of a stack of dense layers (ReLU between, softmax at the end), with the
 * forward pass, back-propagation and the Adam step; the same shape also holds gradients and
 * Adam moments.
 */
final class DenseStack {

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  final float[][][] w;
  final float[][] b;

  private DenseStack(float[][][] w, float[][] b) {
    this.w = w;
    this.b = b;
  }

  static DenseStack zeros(int[] sizes) {
    int layers = sizes.length - 1;
    float[][][] w = new float[layers][][];
    float[][] b = new float[layers][];
    for (int l = 0; l < layers; l++) {
      w[l] = new float[sizes[l]][sizes[l + 1]];
      b[l] = new float[sizes[l + 1]];
    }
    return new DenseStack(w, b);
  }

  static DenseStack init(int[] sizes, Random random) {
    DenseStack n = zeros(sizes);
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

  /**
   * The stack computing {@code layers} on inputs standardised by {@code std}: the inverse of
   * {@link #export}, so training can continue from a model version's exported weights.
   */
  static DenseStack unfold(List<HeadsGraph.Dense> layers, Standardizer std) {
    int n = layers.size();
    float[][][] w = new float[n][][];
    float[][] b = new float[n][];
    for (int l = 0; l < n; l++) {
      HeadsGraph.Dense d = layers.get(l);
      w[l] = new float[d.inputs()][];
      b[l] = d.bias().clone();
      for (int i = 0; i < d.inputs(); i++) {
        w[l][i] = d.weights()[i].clone();
        if (l == 0) {
          for (int j = 0; j < b[l].length; j++) {
            b[l][j] += std.mean()[i] * w[l][i][j];
            w[l][i][j] /= std.scale()[i];
          }
        }
      }
    }
    return new DenseStack(w, b);
  }

  DenseStack copy() {
    float[][][] w2 = new float[w.length][][];
    float[][] b2 = new float[b.length][];
    for (int l = 0; l < w.length; l++) {
      w2[l] = new float[w[l].length][];
      for (int i = 0; i < w[l].length; i++) {
        w2[l][i] = w[l][i].clone();
      }
      b2[l] = b[l].clone();
    }
    return new DenseStack(w2, b2);
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
          SoftmaxTrainer.softmax(o);
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
        pred[start + r] = SoftmaxTrainer.argmax(p[r]);
      }
    }
    return pred;
  }

  DenseStack gradient(float[][] x, int[] y, int[] idx, int start, int end, double[] classWeight, double l2) {
    float[][][] acts = forward(x, idx, start, end);
    int n = end - start;
    double total = 0;
    for (int r = 0; r < n; r++) {
      total += classWeight[y[idx[start + r]]];
    }
    DenseStack g = zeros(sizes());
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

  void adam(DenseStack grad, DenseStack m, DenseStack v, double lr, long step) {
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
