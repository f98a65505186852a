package dev.bellwether.finetune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.bellwether.Progress;
import dev.bellwether.classifier.model.ClassifiedText;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.StoredModel;
import dev.bellwether.classifier.model.TextCleaner;
import dev.bellwether.classifier.train.EncoderFineTuner;
import dev.bellwether.classifier.train.Evaluation;
import dev.bellwether.classifier.train.LabeledText;
import dev.bellwether.classifier.train.NearDuplicates;
import dev.bellwether.classifier.train.Split;
import dev.bellwether.classifier.train.Task;
import dev.bellwether.classifier.train.Trainer;
import dev.bellwether.classifier.train.TrainingData;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bellwether train --fine-tune}: fine-tunes bge-small-en-v1.5 jointly with the topic and
 * sentiment heads on the data and splits that {@code bellwether train} uses, then writes a model
 * version whose int8 encoder and heads ONNX Runtime serves as before. Heads start from the
 * frozen-encoder model's heads when the label sets match (so step 0 scores as that model does),
 * else fresh.
 */
public final class JointFineTuner implements EncoderFineTuner {

  /** Width of fresh heads' hidden layer, as the bundled heads. */
  static final int HIDDEN = 512;

  /** The provider, as ServiceLoader creates it. */
  public JointFineTuner() {}

  @Override
  public Trainer.Outcome fineTune(Settings s, PrintStream log, Clock clock) {
    long started = System.nanoTime();
    Trainer.Settings b = s.base();
    TrainingData data = TrainingData.load(b.dataRoot());
    Split sentiment = Split.of(data.sentimentTrain(), data.sentimentValid(), b);
    Split topic = Split.of(data.topicTrain(), data.topicValid(), b);
    log.printf("sentiment: %d train, %d dev, %d valid; topic: %d train, %d dev, %d valid%n", sentiment.train().size(),
        sentiment.dev().size(), sentiment.valid().size(), topic.train().size(), topic.dev().size(), topic.valid().size());
    int topics = data.topicLabels().size();
    Taught taught = s.teacher() == null ? null : teach(s, sentiment, topic, data.topicLabels(), log);
    List<JointTraining.Example> examples = taught == null
        ? JointTraining.examples(sentiment.train(), topic.train())
        : JointTraining.examples(sentiment.train(), topic.train(), taught.topicOfSentiment(), taught.sentimentOfTopic());

    Engine engine = BaseEncoder.pytorch(b.outDir().resolve(".djl-cache"), b.threads());
    try (NDManager root = NDManager.newBaseManager(engine.getEngineName()); Tokens tokens = Tokens.load(b.maxTokens())) {
      OnnxWeights base = OnnxWeights.read(BaseEncoder.fp32());
      BertEncoder encoder = BertEncoder.of(base, BaseEncoder.HEADS, root);
      Map<String, Object> warmStart = new LinkedHashMap<>();
      JointModel model = startingModel(encoder, data.topicLabels(), b.seed(), root, warmStart);
      log.printf("heads: %s%n", warmStart.get("heads"));

      List<Map<String, Object>> devByEpoch = new ArrayList<>();
      JointTraining.Run run = JointTraining.train(model, tokens, examples, topics, s, root, log, epoch -> {
        Map<String, Object> dev = dev(model, tokens, sentiment, topic, data.topicLabels(), root);
        dev.put("epoch", epoch);
        devByEpoch.add(dev);
        log.printf("epoch %d dev: %s%n", epoch, dev);
      });
      Map<String, Object> devFinal = dev(model, tokens, sentiment, topic, data.topicLabels(), root);
      log.printf(Locale.ROOT, "trained %d steps, %.2f s/step (CPU %.2f s); dev: %s%n", run.steps(), run.secondsPerStep(),
          run.cpuSecondsPerStep(), devFinal);

      // The trained fp32 model on the validation splits: what int8 serving costs is the gap to the served figures.
      Map<String, Object> validFp32 = both(model, tokens, sentiment.valid(), topic.valid(), data.topicLabels(), root);
      log.printf("valid (DJL fp32, before int8 export): %s%n", validFp32);

      FineTunedVersion.Written w = FineTunedVersion.write(model, base, s, data, sentiment, topic, clock, log);
      try (NewsClassifier served = NewsClassifier.load(w.directory(), b.threads(), b.maxTokens())) {
        Evaluation sentValid = Evaluation.of(served, Task.SENTIMENT, sentiment.valid());
        Evaluation topicValid = Evaluation.of(served, Task.TOPIC, topic.valid());
        Map<String, Object> agreement = agreement(model, tokens, served, sentiment.valid(), topic.valid(), root);
        log.printf("export agreement (DJL fp32 vs served int8 ONNX): %s%n", agreement);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("warm_start", warmStart);
        if (taught != null) {
          training.put("teacher", Map.of("model", taught.model(), "weight", s.teacherWeight(), "texts", taught.texts(),
              "left_out", taught.leftOut(), "labels", "soft: the teacher's probabilities for the task a text has no "
                  + "label for; none for near-duplicates of that task's dev or validation texts"));
        }
        training.put("settings", FineTunedVersion.settings(s, run));
        training.put("loss_curve", run.lossCurve());
        training.put("dev_by_epoch", devByEpoch);
        training.put("export_agreement", agreement);
        training.put("metrics", Map.of(
            "sentiment", Map.of("dev", devFinal.get("sentiment"), "valid", sentValid.toMap(),
                "valid_fp32", validFp32.get("sentiment")),
            "topic", Map.of("dev", devFinal.get("topic"), "valid", topicValid.toMap(),
                "valid_fp32", validFp32.get("topic"))));
        FineTunedVersion.finish(w, training);
        return new Trainer.Outcome(w.directory(), served.id(), sentValid, topicValid,
            Duration.ofNanos(System.nanoTime() - started));
      }
    }
  }

  /** Texts the teacher scores per call, between progress lines. */
  private static final int TEACHER_CHUNK = 1_000;

  /**
   * A teacher's labels of the training texts for the task each has no gold label for.
   *
   * @param texts texts labelled
   * @param leftOut texts left without a teacher label, as near-duplicates of the other task's dev
   *     or validation texts: those measure the student, so no teacher label may reach it
   */
  private record Taught(String model, float[][] topicOfSentiment, float[][] sentimentOfTopic, int texts, int leftOut) {}

  private static Taught teach(Settings s, Split sentiment, Split topic, List<String> topicLabels, PrintStream log) {
    Trainer.Settings b = s.base();
    try (NewsClassifier teacher = EncoderFineTuner.BUNDLED_TEACHER.equals(s.teacher())
        ? NewsClassifier.loadBundled(b.threads(), b.maxTokens())
        : NewsClassifier.load(java.nio.file.Path.of(s.teacher()), b.threads(), b.maxTokens())) {
      if (!teacher.manifest().labels().topic().equals(topicLabels)) {
        throw new IllegalArgumentException("--teacher " + s.teacher() + ": its topic labels "
            + teacher.manifest().labels().topic() + " differ from the data's " + topicLabels
            + "; pick a version trained on the same topic set");
      }
      List<Integer> bySentiment = teachable(sentiment.train(), topic);
      List<Integer> byTopic = teachable(topic.train(), sentiment);
      int texts = bySentiment.size() + byTopic.size();
      int leftOut = sentiment.train().size() + topic.train().size() - texts;
      log.printf("teacher %s labels %d sentiment texts by topic and %d topic texts by sentiment (weight %.2f); "
              + "%d near-duplicates of the other task's dev or validation texts left out%n", teacher.id().display(),
          bySentiment.size(), byTopic.size(), s.teacherWeight(), leftOut);
      Progress progress = Progress.forLog(log, "teacher labels", "texts", texts, System::nanoTime);
      float[][] topicOfSentiment = label(teacher, sentiment.train(), bySentiment, 0, progress,
          c -> topicLabels.stream().mapToDouble(l -> c.topic().probabilities().get(l)).toArray());
      float[][] sentimentOfTopic = label(teacher, topic.train(), byTopic, bySentiment.size(), progress,
          c -> new double[] {c.sentiment().negative(), c.sentiment().neutral(), c.sentiment().positive()});
      return new Taught(teacher.id().display(), topicOfSentiment, sentimentOfTopic, texts, leftOut);
    }
  }

  /** Positions in {@code train} of the texts that are no near-duplicate of {@code other}'s dev or validation texts. */
  private static List<Integer> teachable(List<LabeledText> train, Split other) {
    List<LabeledText> held = new ArrayList<>(other.dev());
    held.addAll(other.valid());
    java.util.Set<LabeledText> kept = new java.util.HashSet<>(NearDuplicates.without(train, held));
    List<Integer> out = new ArrayList<>(kept.size());
    for (int i = 0; i < train.size(); i++) {
      if (kept.contains(train.get(i))) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * The teacher's probabilities of the texts of {@code train} at {@code positions} (null rows
   * elsewhere), scored in chunks so that progress shows.
   *
   * @param doneBefore texts labelled before these, for the progress line
   */
  private static float[][] label(NewsClassifier teacher, List<LabeledText> train, List<Integer> positions,
      int doneBefore, Progress progress, java.util.function.Function<ClassifiedText, double[]> probabilities) {
    float[][] out = new float[train.size()][];
    for (int from = 0; from < positions.size(); from += TEACHER_CHUNK) {
      List<Integer> chunk = positions.subList(from, Math.min(positions.size(), from + TEACHER_CHUNK));
      List<ClassifiedText> scored = teacher.classifyAll(cleaned(chunk.stream().map(train::get).toList()));
      for (int i = 0; i < chunk.size(); i++) {
        double[] p = probabilities.apply(scored.get(i));
        float[] row = new float[p.length];
        for (int k = 0; k < p.length; k++) {
          row[k] = (float) p[k];
        }
        out[chunk.get(i)] = row;
      }
      progress.update(doneBefore + from + chunk.size());
    }
    return out;
  }

  private static JointModel startingModel(BertEncoder encoder, List<String> topicLabels, long seed, NDManager root,
      Map<String, Object> warmStart) {
    // The heads trained on the encoder as shipped, which is where the encoder's training starts too.
    StoredModel frozen = StoredModel.readFrozen();
    if (frozen.manifest().labels().topic().equals(topicLabels)) {
      warmStart.put("heads", "frozen-encoder model " + frozen.manifest().modelId().display());
      return JointModel.warm(encoder, frozen.heads(), root);
    }
    warmStart.put("heads", "fresh (the data's topic labels differ from the frozen-encoder model's), hidden " + HIDDEN
        + ", seed " + seed);
    return JointModel.fresh(encoder, topicLabels.size(), 3, HIDDEN, seed, root);
  }

  private static Map<String, Object> dev(JointModel model, Tokens tokens, Split sentiment, Split topic,
      List<String> topicLabels, NDManager root) {
    return both(model, tokens, sentiment.dev(), topic.dev(), topicLabels, root);
  }

  private static Map<String, Object> both(JointModel model, Tokens tokens, List<LabeledText> sentiment,
      List<LabeledText> topic, List<String> topicLabels, NDManager root) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sentiment", summary(evaluate(model, tokens, sentiment, 1, NewsClassifier.SENTIMENT_LABELS, root)));
    out.put("topic", summary(evaluate(model, tokens, topic, 0, topicLabels, root)));
    return out;
  }

  private static Evaluation evaluate(JointModel model, Tokens tokens, List<LabeledText> examples, int task,
      List<String> labels, NDManager root) {
    float[][] p = JointTraining.predict(model, tokens, cleaned(examples), root, false)[task];
    int[] truth = examples.stream().mapToInt(LabeledText::label).toArray();
    return Evaluation.of(labels, truth, Trainer.argmax(p));
  }

  /**
   * How often the served int8 model picks the same class as the trained DJL model, on up to 500
   * validation texts per task: against the fp32 model, both in batches ({@code vs_fp32}: what
   * quantisation changes), and against the model with the int8 arithmetic simulated, one text at
   * a time on both sides ({@code vs_int8_simulated}: whether the export is faithful, free of the
   * batch-dependent activation scales of dynamic quantisation).
   */
  static Map<String, Object> agreement(JointModel model, Tokens tokens, NewsClassifier served,
      List<LabeledText> sentimentValid, List<LabeledText> topicValid, NDManager root) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("vs_fp32", agreement(model, tokens, served, sentimentValid, topicValid, root, false));
    out.put("vs_int8_simulated", agreement(model, tokens, served, sentimentValid, topicValid, root, true));
    return out;
  }

  private static Map<String, Object> agreement(JointModel model, Tokens tokens, NewsClassifier served,
      List<LabeledText> sentimentValid, List<LabeledText> topicValid, NDManager root, boolean int8) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int task = 0; task < 2; task++) {
      List<LabeledText> sample = (task == 0 ? topicValid : sentimentValid);
      sample = sample.subList(0, Math.min(500, sample.size()));
      List<String> clean = cleaned(sample);
      float[][] djl = JointTraining.predict(model, tokens, clean, root, int8, int8 ? 1 : 32)[task];
      List<ClassifiedText> onnx = int8 ? clean.stream().map(served::classify).toList() : served.classifyAll(clean);
      int same = 0;
      double maxProbDiff = 0;
      for (int i = 0; i < djl.length; i++) {
        double[] theirs = probabilities(onnx.get(i), task, served.manifest().labels().topic());
        same += Trainer.argmax(djl[i]) == argmax(theirs) ? 1 : 0;
        for (int k = 0; k < theirs.length; k++) {
          maxProbDiff = Math.max(maxProbDiff, Math.abs(theirs[k] - djl[i][k]));
        }
      }
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("texts", djl.length);
      t.put("same_class", same);
      t.put("agreement", djl.length == 0 ? 1.0 : Math.round(10000.0 * same / djl.length) / 10000.0);
      t.put("max_abs_probability_difference", Math.round(maxProbDiff * 10000) / 10000.0);
      out.put(task == 0 ? "topic" : "sentiment", t);
    }
    return out;
  }

  private static double[] probabilities(ClassifiedText c, int task, List<String> topicLabels) {
    if (task == 1) {
      return new double[] {c.sentiment().negative(), c.sentiment().neutral(), c.sentiment().positive()};
    }
    return topicLabels.stream().mapToDouble(l -> c.topic().probabilities().get(l)).toArray();
  }

  static List<String> cleaned(List<LabeledText> examples) {
    return examples.stream().map(e -> TextCleaner.clean(e.text())).toList();
  }

  static int argmax(double[] p) {
    int best = 0;
    for (int j = 1; j < p.length; j++) {
      if (p[j] > p[best]) {
        best = j;
      }
    }
    return best;
  }

  private static Map<String, Object> summary(Evaluation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("examples", e.total());
    m.put("accuracy", Math.round(e.accuracy() * 10000) / 10000.0);
    m.put("macro_f1", Math.round(e.macroF1() * 10000) / 10000.0);
    return m;
  }
}
