package dev.bellwether.finetune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.bellwether.classifier.model.TextCleaner;
import dev.bellwether.classifier.train.EncoderFineTuner;
import dev.bellwether.classifier.train.EntityPair;
import dev.bellwether.classifier.train.LabeledText;
import dev.bellwether.classifier.train.WireStyle;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The joint training loop: sentiment and topic examples shuffled together (seeded), each batch
 * through the encoder once, each example's cross-entropy taken on its own task's head, AdamW with
 * linear warm-up then linear decay. Every step's arrays live in a sub-manager closed at its end.
 */
final class JointTraining {

  /** The heads learn this many times faster than the encoder: they start far from a good optimum. */
  static final float HEAD_RATE_SCALE = 10f;
  static final float WEIGHT_DECAY = 0.01f;
  private static final long REPORT_EVERY_NANOS = 60_000_000_000L;
  private static final int REPORT_EVERY_STEPS = 20;
  /** Batches are cut from windows of this many batches sorted by length, which cuts padding. */
  private static final int BUCKET_BATCHES = 50;
  /** Skipped updates in a row after which training stops: the weights, not one batch, have gone bad. */
  private static final int MAX_CONSECUTIVE_SKIPS = 10;

  /**
   * One training example of either task, or an entity's sentiment.
   *
   * @param text cleaned text
   * @param pair the entity whose sentiment {@code label} is, encoded as the text's second segment,
   *     or null for an example about the whole text
   * @param topic whether the label is a topic (else a sentiment)
   * @param label class index in its task's label order
   * @param teacher a teacher's class probabilities for the other task (sentiment when {@code
   *     topic}, else topic), or null
   */
  record Example(String text, String pair, boolean topic, int label, float[] teacher) {

    /** An example about the whole text. */
    Example(String text, boolean topic, int label, float[] teacher) {
      this(text, null, topic, label, teacher);
    }

    /** An example with a gold label only. */
    Example(String text, boolean topic, int label) {
      this(text, null, topic, label, null);
    }

    /** Key of its token count: the text, and the pair when there is one. */
    String lengthKey() {
      return pair == null ? text : text + '\u0001' + pair;
    }
  }

  /**
   * What a run did.
   *
   * @param steps steps taken
   * @param secondsPerStep mean wall time of one step
   * @param cpuSecondsPerStep mean CPU time of one step, all threads: on a busy machine a better
   *     measure of the work than wall time
   * @param lossCurve mean loss of each reporting window, with its last step
   * @param skippedSteps steps whose loss or gradient was not finite, so nothing was applied
   */
  record Run(int steps, double secondsPerStep, double cpuSecondsPerStep, List<double[]> lossCurve, int skippedSteps) {}

  private JointTraining() {}

  /** The two tasks' training examples, cleaned as serving cleans them. */
  static List<Example> examples(List<LabeledText> sentiment, List<LabeledText> topic) {
    return examples(sentiment, topic, null, null);
  }

  /**
   * The two tasks' training examples with a teacher's labels for the other task.
   *
   * @param topicOfSentiment the teacher's topic probabilities of each sentiment example, or null
   * @param sentimentOfTopic the teacher's sentiment probabilities of each topic example, or null
   */
  static List<Example> examples(List<LabeledText> sentiment, List<LabeledText> topic, float[][] topicOfSentiment,
      float[][] sentimentOfTopic) {
    List<Example> out = new ArrayList<>(sentiment.size() + topic.size());
    for (int i = 0; i < sentiment.size(); i++) {
      LabeledText e = sentiment.get(i);
      out.add(new Example(TextCleaner.clean(e.text()), false, e.label(),
          topicOfSentiment == null ? null : topicOfSentiment[i]));
    }
    for (int i = 0; i < topic.size(); i++) {
      LabeledText e = topic.get(i);
      out.add(new Example(TextCleaner.clean(e.text()), true, e.label(),
          sentimentOfTopic == null ? null : sentimentOfTopic[i]));
    }
    return out;
  }

  /** Entity examples: the sentiment of each pair's entity, the entity as the second segment. */
  static List<Example> pairs(List<EntityPair> pairs) {
    List<Example> out = new ArrayList<>(pairs.size());
    for (EntityPair p : pairs) {
      out.add(new Example(TextCleaner.clean(p.text()), TextCleaner.clean(p.entity()), false, p.label(), null));
    }
    return out;
  }

  /**
   * Wire-style copies ({@link WireStyle}) of a seeded share of the examples, each keeping its
   * labels (gold and teacher) and entity: news wires write the same news in capitals and
   * abbreviations. Copies that differ from their original only in case are skipped (the
   * tokenizer lower-cases).
   *
   * @param share fraction of the examples copied, 0 to 1
   */
  static List<Example> wireCopies(List<Example> examples, double share, long seed) {
    Random random = new Random(seed);
    List<Example> out = new ArrayList<>();
    for (Example e : examples) {
      if (random.nextDouble() < share) {
        String wire = WireStyle.rewrite(e.text());
        if (!wire.equalsIgnoreCase(e.text())) {
          out.add(new Example(wire, e.pair(), e.topic(), e.label(), e.teacher()));
        }
      }
    }
    return out;
  }

  /** Steps a run of these settings takes over {@code examples}. */
  static int plannedSteps(EncoderFineTuner.Settings s, int examples) {
    int perEpoch = (examples + s.batchSize() - 1) / s.batchSize();
    int all = perEpoch * s.epochs();
    return s.maxSteps() > 0 ? Math.min(all, s.maxSteps()) : all;
  }

  /**
   * Step size at a point of the run given as the fraction done, 0 to 1: linear warm-up to the
   * peak over {@code warmupFraction}, then linear decay to 0 at 1.
   */
  static float rate(double peak, double done, double warmupFraction) {
    if (done <= warmupFraction) {
      return (float) (peak * done / Math.max(1e-9, warmupFraction));
    }
    return (float) (peak * Math.max(0, 1 - done) / Math.max(1e-9, 1 - warmupFraction));
  }

  /**
   * How much of the run is done after {@code step} of {@code total} steps, {@code elapsed} of a
   * time budget {@code budget} (null for none): the larger share, so that a run on a busy machine
   * still warms up, decays to 0 and ends within its budget.
   */
  static double done(int step, int total, Duration elapsed, Duration budget) {
    double bySteps = (double) step / Math.max(1, total);
    return budget == null ? bySteps : Math.min(1, Math.max(bySteps, (double) elapsed.toNanos() / budget.toNanos()));
  }

  /** Step size at {@code step} (from 1): linear warm-up to the peak, then linear decay to 0. */
  static float rate(double peak, int step, int total, double warmupFraction) {
    int warm = (int) Math.ceil(total * warmupFraction);
    if (step <= warm) {
      return (float) (peak * step / Math.max(1, warm));
    }
    return (float) (peak * Math.max(0, total - step + 1) / Math.max(1, total - warm));
  }

  /** Registers the parameters with the optimiser: no decay on biases and LayerNorm weights. */
  static AdamW optimiser(JointModel model, boolean freezeWordEmbeddings, NDManager manager) {
    AdamW adam = new AdamW();
    Map<String, NDArray> enc = model.encoder().parameters();
    for (String name : model.encoder().trainable(freezeWordEmbeddings)) {
      boolean decays = name.endsWith(".weight") && !name.contains("LayerNorm");
      adam.add(enc.get(name), 1f, decays ? WEIGHT_DECAY : 0f, manager);
    }
    model.heads().forEach((name, w) -> adam.add(w, HEAD_RATE_SCALE, name.endsWith("/W") ? WEIGHT_DECAY : 0f, manager));
    return adam;
  }

  /**
   * Trains in place.
   *
   * @param epochDone called after every full epoch with its number, for a dev evaluation
   */
  static Run train(JointModel model, Tokens tokens, List<Example> examples, int topics, EncoderFineTuner.Settings s,
      NDManager root, PrintStream log, java.util.function.IntConsumer epochDone) {
    AdamW adam = optimiser(model, s.freezeWordEmbeddings(), root);
    int total = plannedSteps(s, examples.size());
    Random random = new Random(s.base().seed());
    List<double[]> curve = new ArrayList<>();
    long started = System.nanoTime();
    long cpuStarted = cpuNanos();
    long lastReport = started;
    double windowLoss = 0;
    int windowSteps = 0;
    int step = 0;
    int skipped = 0;
    int consecutiveSkips = 0;
    log.printf(Locale.ROOT, "fine-tuning: %d examples, %d epochs, batch %d, %d steps, peak rate %.1e (heads x%.0f), "
            + "warm-up %.0f%%, %d parameter arrays trained%s%n", examples.size(), s.epochs(), s.batchSize(), total,
        s.learningRate(), HEAD_RATE_SCALE, s.warmupFraction() * 100, adam.size(),
        s.freezeWordEmbeddings() ? " (word embeddings frozen)" : "");
    Map<String, Integer> lengths = new HashMap<>();
    examples.forEach(e -> lengths.computeIfAbsent(e.lengthKey(), k -> tokens.count(e.text(), e.pair())));
    Duration budget = s.timeBudgetMinutes() > 0 ? Duration.ofMinutes(s.timeBudgetMinutes()) : null;
    boolean outOfTime = false;
    for (int epoch = 1; epoch <= s.epochs() && step < total && !outOfTime; epoch++) {
      List<List<Example>> batches = batches(examples, lengths, s.batchSize(), random);
      int done = 0;
      for (; done < batches.size() && step < total; done++) {
        if (budget != null && Duration.ofNanos(System.nanoTime() - started).compareTo(budget) >= 0) {
          log.printf(Locale.ROOT, "fine-tuning: time budget of %d min used up after %d of %d steps%n",
              s.timeBudgetMinutes(), step, total);
          outOfTime = true;
          break;
        }
        List<Example> batch = batches.get(done);
        step++;
        double loss;
        try (NDManager stepManager = root.newSubManager(); NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          loss = step(model, tokens, batch, topics, (float) s.teacherWeight(), stepManager, s.quantisationAware());
        }
        float stepRate = budget == null ? rate(s.learningRate(), step, total, s.warmupFraction())
            : rate(s.learningRate(), done(step, total, Duration.ofNanos(System.nanoTime() - started), budget),
                s.warmupFraction());
        double norm = Double.isFinite(loss) ? adam.update(stepRate) : Double.NaN;
        if (!Double.isFinite(norm)) {
          if (Double.isFinite(loss)) {
            log.printf(Locale.ROOT, "fine-tuning step %d: gradient norm %s on a batch of %d texts (%d to %d tokens);"
                + " update skipped%n", step, norm, batch.size(), minLength(batch, lengths), maxLength(batch, lengths));
          } else {
            adam.discard();
            log.printf(Locale.ROOT, "fine-tuning step %d: loss %s on a batch of %d texts (%d to %d tokens); update skipped%n",
                step, loss, batch.size(), minLength(batch, lengths), maxLength(batch, lengths));
          }
          skipped++;
          consecutiveSkips++;
          if (consecutiveSkips >= MAX_CONSECUTIVE_SKIPS || skipped > Math.max(MAX_CONSECUTIVE_SKIPS, total / 100)) {
            throw new IllegalStateException("fine-tuning diverged: " + skipped + " of " + step + " steps had a non-finite "
                + "loss or gradient (" + consecutiveSkips + " in a row); try a lower --learning-rate than "
                + s.learningRate());
          }
          continue;
        }
        consecutiveSkips = 0;
        windowLoss += loss;
        windowSteps++;
        long now = System.nanoTime();
        if (now - lastReport >= REPORT_EVERY_NANOS || step % REPORT_EVERY_STEPS == 0 || step == total || step <= 3) {
          double perStep = (now - started) / 1e9 / step;
          double cpuPerStep = (cpuNanos() - cpuStarted) / 1e9 / step;
          long eta = Math.round(perStep * (total - step));
          if (budget != null) {
            eta = Math.min(eta, Math.max(0, budget.minus(Duration.ofNanos(now - started)).toSeconds()));
          }
          curve.add(new double[] {step, windowLoss / windowSteps});
          log.printf(Locale.ROOT, "fine-tuning step %d/%d (%d%%), epoch %d: loss %.4f, %.2f s/step (CPU %.2f s), "
                  + "ETA %dm%02ds (%d long-lived arrays)%n", step, total, step * 100L / total, epoch,
              windowLoss / windowSteps, perStep, cpuPerStep, eta / 60, eta % 60, root.getManagedArrays().size());
          windowLoss = 0;
          windowSteps = 0;
          lastReport = now;
        }
      }
      if (done == batches.size()) {
        epochDone.accept(epoch);
      }
    }
    return new Run(step, (System.nanoTime() - started) / 1e9 / Math.max(1, step),
        (cpuNanos() - cpuStarted) / 1e9 / Math.max(1, step), curve, skipped);
  }

  private static int minLength(List<Example> batch, Map<String, Integer> lengths) {
    return batch.stream().mapToInt(e -> lengths.get(e.lengthKey())).min().orElse(0);
  }

  private static int maxLength(List<Example> batch, Map<String, Integer> lengths) {
    return batch.stream().mapToInt(e -> lengths.get(e.lengthKey())).max().orElse(0);
  }

  /** CPU time of this process (PyTorch's native threads included). */
  private static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  /**
   * One epoch's batches: examples shuffled, then each window of {@link #BUCKET_BATCHES} batches
   * sorted by token count and cut, so a batch holds texts of similar length, then the batches
   * shuffled. Seeded by {@code random}.
   */
  static List<List<Example>> batches(List<Example> examples, Map<String, Integer> lengths, int batchSize, Random random) {
    List<Example> order = new ArrayList<>(examples);
    Collections.shuffle(order, random);
    List<List<Example>> out = new ArrayList<>();
    int window = batchSize * BUCKET_BATCHES;
    for (int w = 0; w < order.size(); w += window) {
      List<Example> part = new ArrayList<>(order.subList(w, Math.min(order.size(), w + window)));
      part.sort(java.util.Comparator.comparingInt(e -> lengths.get(e.lengthKey())));
      for (int from = 0; from < part.size(); from += batchSize) {
        out.add(List.copyOf(part.subList(from, Math.min(part.size(), from + batchSize))));
      }
    }
    Collections.shuffle(out, random);
    return out;
  }

  /**
   * One forward and backward pass. The loss is the mean over the batch of each example's
   * cross-entropy against its gold label plus, where it has one, {@code teacherWeight} times the
   * cross-entropy of the other head against the teacher's probabilities: both sum into one target
   * matrix per head.
   */
  private static double step(JointModel model, Tokens tokens, List<Example> batch, int topics, float teacherWeight,
      NDManager m, boolean int8) {
    int n = batch.size();
    float[] topicTarget = new float[n * topics];
    float[] sentimentTarget = new float[n * 3];
    List<String> texts = new ArrayList<>(n);
    List<String> pairs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Example e = batch.get(i);
      texts.add(e.text());
      pairs.add(e.pair());
      float[] gold = e.topic() ? topicTarget : sentimentTarget;
      gold[i * (e.topic() ? topics : 3) + e.label()] = 1f;
      if (e.teacher() != null) {
        float[] other = e.topic() ? sentimentTarget : topicTarget;
        int width = e.teacher().length;
        for (int k = 0; k < width; k++) {
          other[i * width + k] = teacherWeight * e.teacher()[k];
        }
      }
    }
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray[] logits = model.logits(tokens.batch(texts, pairs), m, int8);
      NDArray picked = logits[0].logSoftmax(1).mul(m.create(topicTarget, new Shape(n, topics))).sum()
          .add(logits[1].logSoftmax(1).mul(m.create(sentimentTarget, new Shape(n, 3))).sum());
      NDArray loss = picked.neg().div(n);
      gc.backward(loss);
      return loss.getFloat();
    }
  }

  /**
   * Class probabilities of cleaned texts by the model as it is: {@code [0]} topic, {@code [1]}
   * sentiment, one row per text.
   *
   * @param int8 simulate the int8 encoder graph's arithmetic
   */
  static float[][][] predict(JointModel model, Tokens tokens, List<String> texts, NDManager root, boolean int8) {
    return predict(model, tokens, texts, root, int8, 32);
  }

  /** As {@link #predict(JointModel, Tokens, List, NDManager, boolean)} in batches of {@code batchSize}. */
  static float[][][] predict(JointModel model, Tokens tokens, List<String> texts, NDManager root, boolean int8,
      int batchSize) {
    return predict(model, tokens, texts, null, root, int8, batchSize);
  }

  /**
   * As {@link #predict(JointModel, Tokens, List, NDManager, boolean)} with a second segment per
   * text (an entity, or null), in batches of {@code batchSize}.
   */
  static float[][][] predict(JointModel model, Tokens tokens, List<String> texts, List<String> pairs, NDManager root,
      boolean int8, int batchSize) {
    float[][][] out = new float[2][texts.size()][];
    // Batches of similar length, as serving forms them, so padding stays small.
    Integer[] order = new Integer[texts.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> texts.get(i).length()));
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      List<String> batch = new ArrayList<>(to - from);
      List<String> batchPairs = pairs == null ? null : new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        batch.add(texts.get(order[i]));
        if (batchPairs != null) {
          batchPairs.add(pairs.get(order[i]));
        }
      }
      try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray[] logits = model.logits(tokens.batch(batch, batchPairs), m, int8);
        for (int task = 0; task < 2; task++) {
          NDArray p = logits[task].softmax(1);
          int k = (int) p.getShape().get(1);
          float[] flat = p.toFloatArray();
          for (int i = from; i < to; i++) {
            out[task][order[i]] = java.util.Arrays.copyOfRange(flat, (i - from) * k, (i - from + 1) * k);
          }
        }
      }
    }
    return out;
  }
}
