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

  /**
   * Times each news headline or snippet with a hand topic label is trained on per epoch: about 700
   * of them against 13,000 topic tweets, and they are what the topic head sees least of.
   */
  static final int NEWS_TOPIC_REPEATS = 3;

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
    Taught taught = s.teacher() == null ? null
        : teach(s, sentiment, topic, data.topicLabels(), new java.util.HashSet<>(data.entities().itemTrain()), log);
    List<JointTraining.Example> all = taught == null
        ? JointTraining.examples(sentiment.train(), topic.train())
        : JointTraining.examples(sentiment.train(), topic.train(), taught.topicOfSentiment(), taught.sentimentOfTopic());
    List<JointTraining.Example> examples = balanced(all, sentiment.train(), data, s.tweetShare(), b.seed());
    if (examples.size() < all.size()) {
      int tweets = tweets(sentiment.train(), data);
      log.printf(Locale.ROOT, "balance: %d of %d sentiment tweets kept (--tweet-share %.2f); every news headline and "
          + "snippet and every topic tweet kept%n", tweets - (all.size() - examples.size()), tweets, s.tweetShare());
    }
    int newsTopics = oversampleNewsTopics(examples, data);
    log.printf("news topic labels: %d headlines and snippets, each %d times%n", newsTopics, NEWS_TOPIC_REPEATS);
    List<JointTraining.Example> pairs = JointTraining.pairs(limited(data.entities().pairTrain(), b.limit()));
    examples.addAll(pairs);
    List<JointTraining.Example> wire = JointTraining.wireCopies(examples, s.wireShare(), b.seed());
    examples.addAll(wire);
    log.printf("examples: %d sentiment, %d topic, %d entity pairs (%d held out for the entity test), %d wire-style "
            + "copies%n", sentiment.train().size(), topic.train().size(), pairs.size(),
        data.entities().pairTest().size(), wire.size());

    Engine engine = BaseEncoder.pytorch(b.outDir().resolve(".djl-cache"), b.threads());
    try (NDManager root = NDManager.newBaseManager(engine.getEngineName()); Tokens tokens = Tokens.load(b.maxTokens())) {
      OnnxWeights base = OnnxWeights.read(BaseEncoder.fp32());
      StoredModel warm = s.warmStart() == null ? null : EncoderFineTuner.BUNDLED_TEACHER.equals(s.warmStart())
          ? StoredModel.read(null) : StoredModel.read(java.nio.file.Path.of(s.warmStart()));
      OnnxWeights start = warm == null || !warm.ownEncoder() ? base : dequantised(base, warm.encoder());
      BertEncoder encoder = BertEncoder.of(start, BaseEncoder.HEADS, root);
      Map<String, Object> warmStart = new LinkedHashMap<>();
      JointModel model = warm == null
          ? startingModel(encoder, data.topicLabels(), b.seed(), root, warmStart)
          : warmModel(encoder, warm, data.topicLabels(), root, warmStart);
      log.printf("heads: %s%s%n", warmStart.get("heads"),
          warmStart.containsKey("encoder") ? "; encoder: " + warmStart.get("encoder") : "");

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
        // A run on a time budget checks the export on fewer texts: the int8-simulated side scores one at a time.
        int agreementTexts = s.timeBudgetMinutes() > 0 ? 100 : 500;
        Map<String, Object> agreement = agreement(model, tokens, served, sentiment.valid(), topic.valid(), root,
            agreementTexts);
        log.printf("export agreement (DJL fp32 vs served int8 ONNX): %s%n", agreement);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("warm_start", warmStart);
        if (taught != null) {
          training.put("teacher", Map.of("model", taught.model(), "weight", s.teacherWeight(), "texts", taught.texts(),
              "left_out", taught.leftOut(), "labels", "soft: the teacher's probabilities for the task a text has no "
                  + "label for; none for near-duplicates of that task's dev or validation texts"));
        }
        training.put("settings", FineTunedVersion.settings(s, run));
        training.put("entity", entityRecord(model, tokens, served, limited(data.entities().pairTest(), b.limit()),
            pairs.size(), root, log));
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

  private static Taught teach(Settings s, Split sentiment, Split topic, List<String> topicLabels,
      java.util.Set<LabeledText> news, PrintStream log) {
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
      // The teacher learned its topics from tweets, whose taxonomy files results (EPS, revenue,
      // profit) under Financials; news headlines learn their topics from hand labels only.
      int untaught = 0;
      for (int i = 0; i < topicOfSentiment.length; i++) {
        if (topicOfSentiment[i] != null && news.contains(sentiment.train().get(i))) {
          topicOfSentiment[i] = null;
          untaught++;
        }
      }
      log.printf("no teacher topic for %d news headlines and snippets%n", untaught);
      // A text labelled by hand for both tasks (a news headline with a hand topic label) learns
      // the other task's gold label there, not the teacher's guess.
      int goldTopics = gold(topicOfSentiment, sentiment.train(), topic.train(), topicLabels.size());
      int goldSentiments = gold(sentimentOfTopic, topic.train(), sentiment.train(), 3);
      if (goldTopics + goldSentiments > 0) {
        log.printf("gold labels instead of the teacher's: %d sentiment texts' topics, %d topic texts' sentiments%n",
            goldTopics, goldSentiments);
      }
      return new Taught(teacher.id().display(), topicOfSentiment, sentimentOfTopic, texts, leftOut);
    }
  }

  /**
   * Replaces the teacher's labels of {@code train}'s texts that {@code other} labels by hand (same
   * duplicate key) with that label, one-hot over {@code classes}; the count replaced.
   */
  static int gold(float[][] taught, List<LabeledText> train, List<LabeledText> other, int classes) {
    Map<String, Integer> labelOf = new java.util.HashMap<>();
    for (LabeledText t : other) {
      labelOf.putIfAbsent(dev.bellwether.classifier.model.TextCleaner.duplicateKey(t.text()), t.label());
    }
    int replaced = 0;
    for (int i = 0; i < train.size(); i++) {
      Integer label = labelOf.get(dev.bellwether.classifier.model.TextCleaner.duplicateKey(train.get(i).text()));
      if (label != null) {
        taught[i] = new float[classes];
        taught[i][label] = 1f;
        replaced++;
      }
    }
    return replaced;
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

  /**
   * The examples with a seeded {@code share} of the sentiment tweets and everything else: the
   * sentiment tweets would otherwise outnumber the news headlines and snippets, and a model that
   * reads news wires should not learn sentiment mostly from tweets. Topic tweets are all kept:
   * they are the only topic labels there are. {@code examples} holds the sentiment texts first, in
   * {@code sentimentTrain}'s order, then the topic texts (as {@link JointTraining#examples} builds
   * them).
   */
  private static List<JointTraining.Example> balanced(List<JointTraining.Example> examples,
      List<LabeledText> sentimentTrain, TrainingData data, double share, long seed) {
    if (share >= 1) {
      return new ArrayList<>(examples);
    }
    java.util.Set<LabeledText> news = new java.util.HashSet<>(data.entities().itemTrain());
    java.util.Random random = new java.util.Random(seed ^ 0x7EE75L);
    List<JointTraining.Example> out = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      boolean sentimentTweet = i < sentimentTrain.size() && !news.contains(sentimentTrain.get(i));
      if (!sentimentTweet || random.nextDouble() < share) {
        out.add(examples.get(i));
      }
    }
    return out;
  }

  /** Adds {@link #NEWS_TOPIC_REPEATS} - 1 copies of each topic example of a hand-labelled news text; their number. */
  private static int oversampleNewsTopics(List<JointTraining.Example> examples, TrainingData data) {
    java.util.Set<String> news = new java.util.HashSet<>();
    data.entities().topicTrain().forEach(t -> news.add(dev.bellwether.classifier.model.TextCleaner.clean(t.text())));
    List<JointTraining.Example> found = examples.stream().filter(e -> e.topic() && news.contains(e.text())).toList();
    for (int i = 1; i < NEWS_TOPIC_REPEATS; i++) {
      examples.addAll(found);
    }
    return found.size();
  }

  private static int tweets(List<LabeledText> sentimentTrain, TrainingData data) {
    java.util.Set<LabeledText> news = new java.util.HashSet<>(data.entities().itemTrain());
    return (int) sentimentTrain.stream().filter(t -> !news.contains(t)).count();
  }

  /** At most {@code limit} of {@code all} (0: all), as {@code --limit} cuts every split. */
  private static <T> List<T> limited(List<T> all, int limit) {
    return limit > 0 && all.size() > limit ? all.subList(0, limit) : all;
  }

  /** The fp32 graph's weights replaced by those an int8 encoder graph computes with. */
  private static OnnxWeights dequantised(OnnxWeights base, byte[] int8) {
    Map<String, float[]> byInitializer = Int8Graph.dequantise(int8);
    Map<String, float[]> byParameter = new LinkedHashMap<>();
    for (String name : base.names()) {
      float[] w = byInitializer.get(base.initializer(name));
      if (w == null) {
        throw new IllegalArgumentException("--warm-start: its encoder has no weights for " + name);
      }
      byParameter.put(name, w);
    }
    return OnnxWeights.read(base.withValues(byParameter));
  }

  private static JointModel warmModel(BertEncoder encoder, StoredModel warm, List<String> topicLabels, NDManager root,
      Map<String, Object> record) {
    if (!warm.manifest().labels().topic().equals(topicLabels)) {
      throw new IllegalArgumentException("--warm-start " + warm.where() + ": its topic labels "
          + warm.manifest().labels().topic() + " differ from the data's " + topicLabels);
    }
    record.put("encoder", warm.ownEncoder()
        ? "the int8 encoder of " + warm.manifest().modelId().display() + ", dequantised" : "bge-small-en-v1.5 (fp32)");
    record.put("heads", "model " + warm.manifest().modelId().display());
    return JointModel.warm(encoder, warm.heads(), root);
  }

  /**
   * The entity-sentiment record of the manifest: how entities are encoded, and accuracy on the
   * held-out pairs of multi-entity items, by the entity's own sentiment (text and entity as a pair)
   * and, for comparison, by the whole text's sentiment, for the fp32 model and the served one.
   */
  private static Map<String, Object> entityRecord(JointModel model, Tokens tokens, NewsClassifier served,
      List<dev.bellwether.classifier.train.EntityPair> test, int trainPairs, NDManager root, PrintStream log) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("input", NewsClassifier.ENTITY_INPUT_PAIR);
    out.put("head", "sentiment");
    out.put("train_pairs", trainPairs);
    if (test.isEmpty()) {
      return out;
    }
    List<String> texts = test.stream().map(p -> TextCleaner.clean(p.text())).toList();
    List<String> names = test.stream().map(p -> TextCleaner.clean(p.entity())).toList();
    int[] truth = test.stream().mapToInt(dev.bellwether.classifier.train.EntityPair::label).toArray();
    int[] fp32Entity = Trainer.argmax(JointTraining.predict(model, tokens, texts, names, root, false, 32)[1]);
    int[] fp32Item = Trainer.argmax(JointTraining.predict(model, tokens, texts, null, root, false, 32)[1]);
    Evaluation servedEntity = Evaluation.of(NewsClassifier.SENTIMENT_LABELS, truth,
        served.entitySentiments(texts, names).stream().mapToInt(p -> p.label().ordinal()).toArray());
    Evaluation servedItem = Evaluation.of(NewsClassifier.SENTIMENT_LABELS, truth,
        served.classifyAll(texts).stream().mapToInt(c -> c.sentiment().label().ordinal()).toArray());
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("pairs", test.size());
    t.put("entity_accuracy_fp32", summary(Evaluation.of(NewsClassifier.SENTIMENT_LABELS, truth, fp32Entity)));
    t.put("item_accuracy_fp32", summary(Evaluation.of(NewsClassifier.SENTIMENT_LABELS, truth, fp32Item)));
    t.put("entity", summary(servedEntity));
    t.put("item", summary(servedItem));
    out.put("test", t);
    log.printf("entity test (%d pairs of held-out multi-entity items): %s%n", test.size(), t);
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
   * How often the served int8 model picks the same class as the trained DJL model, on up to
   * {@code texts} validation texts per task: against the fp32 model, both in batches ({@code vs_fp32}: what
   * quantisation changes), and against the model with the int8 arithmetic simulated, one text at
   * a time on both sides ({@code vs_int8_simulated}: whether the export is faithful, free of the
   * batch-dependent activation scales of dynamic quantisation).
   */
  static Map<String, Object> agreement(JointModel model, Tokens tokens, NewsClassifier served,
      List<LabeledText> sentimentValid, List<LabeledText> topicValid, NDManager root, int texts) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("vs_fp32", agreement(model, tokens, served, sentimentValid, topicValid, root, false, texts));
    out.put("vs_int8_simulated", agreement(model, tokens, served, sentimentValid, topicValid, root, true, texts));
    return out;
  }

  private static Map<String, Object> agreement(JointModel model, Tokens tokens, NewsClassifier served,
      List<LabeledText> sentimentValid, List<LabeledText> topicValid, NDManager root, boolean int8, int texts) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int task = 0; task < 2; task++) {
      List<LabeledText> sample = (task == 0 ? topicValid : sentimentValid);
      sample = sample.subList(0, Math.min(texts, sample.size()));
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
