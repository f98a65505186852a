package dev.bellwether.classifier.train;

import dev.bellwether.classifier.model.HeadsGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Temperature scaling: one number per head that divides its logits, fitted on held-out data by
 * minimising the negative log-likelihood. It changes no prediction (the largest of {@code z / T}
 * is the largest of {@code z}) but makes the probabilities, and so the sentiment score
 * {@code P(positive) - P(negative)}, mean what they say: of the texts whose winning class gets
 * 0.8, about 80 % are right. It is applied by dividing the head's last layer, weights and bias,
 * by {@code T}, so the served graph keeps its shape and costs nothing more.
 */
public final class Calibration {

  /** Equal-width confidence bins of the expected calibration error. */
  static final int BINS = 15;
  /** Temperatures searched; outside this range something other than confidence is wrong. */
  static final double MIN_TEMPERATURE = 0.05;
  static final double MAX_TEMPERATURE = 20;
  /** Probability floor of the log-likelihood, so one confident mistake cannot make it infinite. */
  private static final double FLOOR = 1e-12;

  private Calibration() {}

  /**
   * How well probabilities match outcomes.
   *
   * @param examples texts measured
   * @param nll mean negative log-likelihood of the true class (nats)
   * @param ece expected calibration error: over {@link #BINS} bins of the winning class's
   *     probability, the example-weighted mean gap between that probability and the accuracy
   * @param confidence mean probability of the winning class
   * @param accuracy share of texts whose winning class is the true one
   */
  public record Quality(int examples, double nll, double ece, double confidence, double accuracy) {

    /** For manifests and JSON output. */
    public Map<String, Object> toMap() {
      return Trainer.ordered("examples", examples, "nll", round(nll), "ece", round(ece),
          "mean_confidence", round(confidence), "accuracy", round(accuracy));
    }
  }

  /**
   * A fitted temperature and what it did on the data it was fitted on.
   *
   * @param temperature the divisor of the logits
   * @param before quality at temperature 1
   * @param after quality at the fitted temperature
   */
  public record Fit(double temperature, Quality before, Quality after) {}

  /** Fits the temperature of a head from its logits on held-out texts and their true classes. */
  public static Fit fit(float[][] logits, int[] labels) {
    double t = temperature(logits, labels);
    return new Fit(t, quality(probabilities(logits, 1), labels), quality(probabilities(logits, t), labels));
  }

  /**
   * The temperature with the lowest negative log-likelihood, by golden-section search on its
   * logarithm. The likelihood is concave in {@code 1 / T}, so the search finds the one optimum.
   */
  public static double temperature(float[][] logits, int[] labels) {
    if (logits.length != labels.length || logits.length == 0) {
      throw new IllegalArgumentException("need logits for every label, got " + logits.length + " rows and "
          + labels.length + " labels");
    }
    double phi = (Math.sqrt(5) - 1) / 2;
    double lo = Math.log(MIN_TEMPERATURE);
    double hi = Math.log(MAX_TEMPERATURE);
    double a = hi - phi * (hi - lo);
    double b = lo + phi * (hi - lo);
    double fa = nll(logits, labels, Math.exp(a));
    double fb = nll(logits, labels, Math.exp(b));
    while (hi - lo > 1e-4) {
      if (fa <= fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - phi * (hi - lo);
        fa = nll(logits, labels, Math.exp(a));
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + phi * (hi - lo);
        fb = nll(logits, labels, Math.exp(b));
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  /** Mean negative log-likelihood of the true classes at temperature {@code t}. */
  static double nll(float[][] logits, int[] labels, double t) {
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      float[] z = logits[i];
      double max = Double.NEGATIVE_INFINITY;
      for (float v : z) {
        max = Math.max(max, v / t);
      }
      double norm = 0;
      for (float v : z) {
        norm += Math.exp(v / t - max);
      }
      sum -= Math.max(Math.log(FLOOR), z[labels[i]] / t - max - Math.log(norm));
    }
    return sum / logits.length;
  }

  /** Softmax of {@code logits / t}, row by row. */
  public static float[][] probabilities(float[][] logits, double t) {
    float[][] out = new float[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      out[i] = new float[logits[i].length];
      for (int k = 0; k < out[i].length; k++) {
        out[i][k] = (float) (logits[i][k] / t);
      }
      SoftmaxTrainer.softmax(out[i]);
    }
    return out;
  }

  /** Likelihood, calibration error, confidence and accuracy of class probabilities. */
  public static Quality quality(float[][] probabilities, int[] labels) {
    int n = probabilities.length;
    double nll = 0;
    double[] binConfidence = new double[BINS];
    int[] binCorrect = new int[BINS];
    int[] binCount = new int[BINS];
    double confidence = 0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      float[] p = probabilities[i];
      int best = Trainer.argmax(p);
      nll -= Math.log(Math.max(FLOOR, p[labels[i]]));
      int bin = Math.min(BINS - 1, (int) (p[best] * BINS));
      binConfidence[bin] += p[best];
      binCount[bin]++;
      confidence += p[best];
      if (best == labels[i]) {
        binCorrect[bin]++;
        correct++;
      }
    }
    double ece = 0;
    for (int b = 0; b < BINS; b++) {
      if (binCount[b] > 0) {
        ece += Math.abs(binConfidence[b] - binCorrect[b]) / n;
      }
    }
    return n == 0 ? new Quality(0, 0, 0, 0, 0)
        : new Quality(n, nll / n, ece, confidence / n, (double) correct / n);
  }

  /** The logits of a head (dense layers, ReLU between) for each row of {@code x}. */
  public static float[][] logits(List<HeadsGraph.Dense> layers, float[][] x) {
    float[][] out = new float[x.length][];
    for (int r = 0; r < x.length; r++) {
      float[] a = x[r];
      for (int l = 0; l < layers.size(); l++) {
        HeadsGraph.Dense d = layers.get(l);
        float[] o = d.bias().clone();
        for (int i = 0; i < a.length; i++) {
          float ai = a[i];
          if (ai != 0f) {
            float[] wi = d.weights()[i];
            for (int j = 0; j < o.length; j++) {
              o[j] += ai * wi[j];
            }
          }
        }
        if (l < layers.size() - 1) {
          for (int j = 0; j < o.length; j++) {
            o[j] = Math.max(0f, o[j]);
          }
        }
        a = o;
      }
      out[r] = a;
    }
    return out;
  }

  /** The same head with its logits divided by {@code t}: the last layer's weights and bias scaled. */
  public static List<HeadsGraph.Dense> scaled(List<HeadsGraph.Dense> layers, double t) {
    if (!(t > 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("temperature must be a positive number, got " + t);
    }
    List<HeadsGraph.Dense> out = new ArrayList<>(layers.subList(0, layers.size() - 1));
    HeadsGraph.Dense last = layers.get(layers.size() - 1);
    float[][] w = new float[last.inputs()][];
    for (int i = 0; i < w.length; i++) {
      w[i] = last.weights()[i].clone();
      for (int j = 0; j < w[i].length; j++) {
        w[i][j] = (float) (w[i][j] / t);
      }
    }
    float[] b = last.bias().clone();
    for (int j = 0; j < b.length; j++) {
      b[j] = (float) (b[j] / t);
    }
    out.add(new HeadsGraph.Dense(w, b));
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10000.0) / 10000.0;
  }
}
