package dev.bellwether.classifier.train;

import dev.bellwether.classifier.model.ClassifiedText;
import dev.bellwether.classifier.model.NewsClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Classification quality on labelled data: the confusion matrix and what follows from it
 * (per-class precision, recall and F1, their macro and support-weighted averages, accuracy).
 */
public final class Evaluation {

  private final List<String> labels;
  private final int[][] confusion;
  private final int total;
  /** How well the probabilities match the outcomes; null when only labels were compared. */
  private final Calibration.Quality calibration;

  private Evaluation(List<String> labels, int[][] confusion, Calibration.Quality calibration) {
    this.labels = List.copyOf(labels);
    this.confusion = confusion;
    this.calibration = calibration;
    int t = 0;
    for (int[] row : confusion) {
      for (int c : row) {
        t += c;
      }
    }
    this.total = t;
  }

  /**
   * Compares predictions with the truth.
   *
   * @param labels class names; indices in {@code truth} and {@code predicted} refer to them
   */
  public static Evaluation of(List<String> labels, int[] truth, int[] predicted) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException(truth.length + " true labels but " + predicted.length + " predictions");
    }
    int[][] m = new int[labels.size()][labels.size()];
    for (int i = 0; i < truth.length; i++) {
      m[truth[i]][predicted[i]]++;
    }
    return new Evaluation(labels, m, null);
  }

  /**
   * Scores labelled texts with a classifier and compares its predictions for {@code task} with
   * the labels, and its probabilities with the outcomes ({@link #calibration()}).
   *
   * @throws IllegalArgumentException when there are no examples: no figure would mean anything
   */
  public static Evaluation of(NewsClassifier classifier, Task task, List<LabeledText> examples) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no labelled texts to evaluate " + task.label() + " on");
    }
    List<ClassifiedText> results =
        classifier.classifyAll(examples.stream().map(LabeledText::text).toList());
    List<String> labels = task.labels(classifier);
    int[] truth = new int[examples.size()];
    int[] predicted = new int[examples.size()];
    float[][] probabilities = new float[examples.size()][];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = examples.get(i).label();
      ClassifiedText r = results.get(i);
      predicted[i] = task == Task.SENTIMENT
          ? r.sentiment().label().ordinal()
          : labels.indexOf(r.topic().label());
      probabilities[i] = task == Task.SENTIMENT
          ? new float[] {(float) r.sentiment().negative(), (float) r.sentiment().neutral(), (float) r.sentiment().positive()}
          : topicProbabilities(r, labels);
    }
    Evaluation byLabel = of(labels, truth, predicted);
    return new Evaluation(labels, byLabel.confusion, Calibration.quality(probabilities, truth));
  }

  private static float[] topicProbabilities(ClassifiedText r, List<String> labels) {
    float[] p = new float[labels.size()];
    for (int k = 0; k < p.length; k++) {
      p[k] = r.topic().probabilities().getOrDefault(labels.get(k), 0.0).floatValue();
    }
    return p;
  }

  /** Likelihood and calibration error of the probabilities, when a classifier was scored. */
  public java.util.Optional<Calibration.Quality> calibration() {
    return java.util.Optional.ofNullable(calibration);
  }

  /** Confusion counts: row = true class, column = predicted class. */
  public int[][] confusion() {
    int[][] copy = new int[confusion.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  /** Number of examples evaluated. */
  public int total() {
    return total;
  }

  /** Share of examples predicted correctly. */
  public double accuracy() {
    int right = 0;
    for (int k = 0; k < confusion.length; k++) {
      right += confusion[k][k];
    }
    return total == 0 ? 0 : (double) right / total;
  }

  /** Examples whose true class is {@code k}. */
  public int support(int k) {
    int s = 0;
    for (int c : confusion[k]) {
      s += c;
    }
    return s;
  }

  /** Of the examples predicted as {@code k}, the share that are {@code k}; 0 when none were. */
  public double precision(int k) {
    int predicted = 0;
    for (int[] row : confusion) {
      predicted += row[k];
    }
    return predicted == 0 ? 0 : (double) confusion[k][k] / predicted;
  }

  /** Of the examples of class {@code k}, the share predicted as {@code k}; 0 when there are none. */
  public double recall(int k) {
    int s = support(k);
    return s == 0 ? 0 : (double) confusion[k][k] / s;
  }

  /** Harmonic mean of precision and recall of class {@code k}; 0 when both are 0. */
  public double f1(int k) {
    double p = precision(k);
    double r = recall(k);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Unweighted mean of per-class F1 over the classes present in the truth. */
  public double macroF1() {
    double sum = 0;
    int n = 0;
    for (int k = 0; k < labels.size(); k++) {
      if (support(k) > 0) {
        sum += f1(k);
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /** Mean of per-class F1 weighted by support. */
  public double weightedF1() {
    double sum = 0;
    for (int k = 0; k < labels.size(); k++) {
      sum += f1(k) * support(k);
    }
    return total == 0 ? 0 : sum / total;
  }

  /** The metrics as a JSON-ready map: {@code accuracy}, {@code macro_f1}, {@code weighted_f1}, per class, confusion. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("examples", total);
    out.put("accuracy", round(accuracy()));
    out.put("macro_f1", round(macroF1()));
    out.put("weighted_f1", round(weightedF1()));
    List<Map<String, Object>> classes = new ArrayList<>();
    for (int k = 0; k < labels.size(); k++) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("label", labels.get(k));
      c.put("precision", round(precision(k)));
      c.put("recall", round(recall(k)));
      c.put("f1", round(f1(k)));
      c.put("support", support(k));
      classes.add(c);
    }
    out.put("classes", classes);
    out.put("labels", labels);
    out.put("confusion", confusion());
    if (calibration != null) {
      out.put("calibration", calibration.toMap());
    }
    return out;
  }

  /** A plain-text report: one line per class, the averages, then the confusion matrix. */
  public String report() {
    int width = Math.max(12, labels.stream().mapToInt(String::length).max().orElse(0));
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%-" + width + "s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
    for (int k = 0; k < labels.size(); k++) {
      s.append(String.format(Locale.ROOT, "%-" + width + "s %9.3f %9.3f %9.3f %8d%n",
          labels.get(k), precision(k), recall(k), f1(k), support(k)));
    }
    s.append(String.format(Locale.ROOT, "%n%-" + width + "s %9.3f%n", "accuracy", accuracy()));
    s.append(String.format(Locale.ROOT, "%-" + width + "s %9.3f%n", "macro f1", macroF1()));
    s.append(String.format(Locale.ROOT, "%-" + width + "s %9.3f%n", "weighted f1", weightedF1()));
    if (calibration != null) {
      s.append(String.format(Locale.ROOT, "%-" + width + "s %9.3f   (expected calibration error, %d bins: mean gap between%n"
          + "%-" + width + "s %9s    the winning class's probability and the accuracy)%n", "calibration", calibration.ece(),
          Calibration.BINS, "", ""));
      s.append(String.format(Locale.ROOT, "%-" + width + "s %9.3f   (mean probability of the winning class)%n",
          "confidence", calibration.confidence()));
      s.append(String.format(Locale.ROOT, "%-" + width + "s %9.3f   (mean negative log-likelihood, nats)%n", "log loss",
          calibration.nll()));
    }
    s.append(String.format(Locale.ROOT, "%nconfusion (rows: true, columns: predicted, in class order)%n"));
    for (int k = 0; k < labels.size(); k++) {
      s.append(String.format(Locale.ROOT, "%-" + width + "s", labels.get(k)));
      for (int c : confusion[k]) {
        s.append(String.format(Locale.ROOT, " %5d", c));
      }
      s.append(System.lineSeparator());
    }
    return s.toString();
  }

  private static double round(double v) {
    return Math.round(v * 10000.0) / 10000.0;
  }
}
