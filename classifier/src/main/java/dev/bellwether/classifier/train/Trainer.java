package dev.bellwether.classifier.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.Progress;
import dev.bellwether.classifier.model.ContentHash;
import dev.bellwether.classifier.model.HeadsGraph;
import dev.bellwether.classifier.model.ModelManifest;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.TextCleaner;
import dev.bellwether.classifier.model.TextEncoder;
import dev.bellwether.event.ModelId;
import dev.bellwether.kafka.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the topic and sentiment heads on the frozen encoder and writes a new model version
 * directory ({@code manifest.json} + {@code heads.onnx}). Deterministic for a seed.
 */
public final class Trainer {

  /** Name of every model this trainer writes. */
  public static final String MODEL_NAME = "bge-small-en-v1.5+heads";
  /** File name of the heads graph inside a version directory. */
  public static final String HEADS_FILE = "heads.onnx";

  /** Head shapes tried for each task; the one with the best dev macro-F1 is kept. */
  static final List<SoftmaxTrainer.Settings> CANDIDATES = List.of(
      new SoftmaxTrainer.Settings(0, 1e-4, 2e-3, 40, 64, 4, 0.5),
      new SoftmaxTrainer.Settings(512, 3e-3, 3e-4, 40, 64, 4, 0.5),
      new SoftmaxTrainer.Settings(512, 3e-3, 3e-4, 40, 64, 4, 1.0),
      new SoftmaxTrainer.Settings(1024, 1e-2, 3e-4, 40, 64, 4, 0.5));

  /**
   * What to train.
   *
   * @param dataRoot folder with the three data sets (see {@code classifier/MODEL.md})
   * @param outDir folder that receives the new version directory
   * @param cacheDir folder for cached sentence vectors, null for none
   * @param seed seed of every random choice (dev split, initial weights, shuffling)
   * @param maxTokens longest token sequence fed to the encoder
   * @param threads ONNX Runtime threads
   * @param limit at most this many examples per split, 0 for all (tests use a small subset)
   * @param version version name, null to use {@code yyyy-MM-dd.N}
   */
  public record Settings(
      Path dataRoot, Path outDir, Path cacheDir, long seed, int maxTokens, int threads, int limit, String version) {}

  /**
   * A finished run.
   *
   * @param directory the new version directory
   * @param id id of the new model
   * @param sentiment sentiment metrics on the de-duplicated validation split
   * @param topic topic metrics on the de-duplicated validation split
   * @param wallTime how long the run took
   * @param topicCalibration the topic head's temperature fit, null when not calibrated
   * @param sentimentCalibration the sentiment head's temperature fit, null when not calibrated
   */
  public record Outcome(Path directory, ModelId id, Evaluation sentiment, Evaluation topic, Duration wallTime,
      Calibrator.Head topicCalibration, Calibrator.Head sentimentCalibration) {

    /** A run that wrote its version uncalibrated. */
    public Outcome(Path directory, ModelId id, Evaluation sentiment, Evaluation topic, Duration wallTime) {
      this(directory, id, sentiment, topic, wallTime, null, null);
    }

    /** This run after {@link Calibrator#calibrateInPlace} calibrated its version. */
    public Outcome calibrated(Calibrator.Outcome c) {
      return new Outcome(directory, c.id(), sentiment, topic, wallTime, c.topic(), c.sentiment());
    }
  }

  private Trainer() {}

  /**
   * Runs training.
   *
   * @param calibrate fit each head's temperature on its dev split (see {@link Calibrator}) before
   *     the version is written
   * @param log receives progress lines with ETA
   */
  public static Outcome train(Settings s, boolean calibrate, PrintStream log, Clock clock) {
    long started = System.nanoTime();
    TrainingData data = TrainingData.load(s.dataRoot());
    List<String> sentimentLabels = NewsClassifier.SENTIMENT_LABELS;
    Split sentiment = Split.of(data.sentimentTrain(), data.sentimentValid(), s);
    Split topic = Split.of(data.topicTrain(), data.topicValid(), s);
    log.printf("sentiment: %d train, %d dev, %d valid; removed from train: %d repeats, %d near-duplicates of valid%n",
        sentiment.train().size(), sentiment.dev().size(), sentiment.valid().size(), sentiment.repeatsInTrain(), sentiment.overlapsValid());
    log.printf("topic: %d train, %d dev, %d valid; removed from train: %d repeats, %d near-duplicates of valid%n",
        topic.train().size(), topic.dev().size(), topic.valid().size(), topic.repeatsInTrain(), topic.overlapsValid());

    Map<String, float[]> vectors;
    String encoderSha;
    try (TextEncoder encoder = TextEncoder.load(s.threads(), s.maxTokens())) {
      encoderSha = encoder.sha256();
      vectors = encodeAll(encoder, parts(List.of(sentiment, topic)), new EmbeddingCache(s.cacheDir()), log);
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    HeadChoice sentimentHead = trainHead("sentiment", sentiment, sentimentLabels, vectors, s.seed(), log, settings);
    HeadChoice topicHead = trainHead("topic", topic, data.topicLabels(), vectors, s.seed(), log, settings);
    Calibrator.Fitted fitted = calibrate
        ? Calibrator.fit(topicHead.result().layers(), topic, sentimentHead.result().layers(), sentiment, vectors, log)
        : null;

    byte[] heads = fitted != null
        ? HeadsGraph.write(fitted.topicHead(), fitted.sentimentHead())
        : HeadsGraph.write(topicHead.result().layers(), sentimentHead.result().layers());
    String version = s.version() != null ? s.version() : nextVersion(s.outDir(), clock);
    ModelManifest draft = manifest(version, clock, encoderSha, s, heads, data, null);
    float[][][] sentP = HeadsGraph.score(heads, draft, rows(sentiment.valid(), vectors));
    float[][][] topicP = HeadsGraph.score(heads, draft, rows(topic.valid(), vectors));
    Evaluation sentValid = Evaluation.of(sentimentLabels, labels(sentiment.valid()), argmax(sentP[1]));
    Evaluation topicValid = Evaluation.of(data.topicLabels(), labels(topic.valid()), argmax(topicP[0]));

    Map<String, Object> training = new LinkedHashMap<>();
    training.put("seed", s.seed());
    training.put("data", data.files());
    training.put("rows", ordered("sentiment", sentiment.counts(), "topic", topic.counts()));
    training.put("settings", settings);
    training.put("metrics", ordered(
        "sentiment", ordered("dev", summary(sentimentHead.result().dev()), "valid", sentValid.toMap()),
        "topic", ordered("dev", summary(topicHead.result().dev()), "valid", topicValid.toMap())));
    if (fitted != null) {
      training.put("calibration", fitted.toMap(s.seed()));
    }
    ModelManifest manifest = manifest(version, clock, encoderSha, s, heads, data, Json.mapper().valueToTree(training));
    Path dir = s.outDir().resolve(version);
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(HEADS_FILE), heads);
      Files.write(dir.resolve(ModelManifest.FILE), manifest.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model version to " + dir, e);
    }
    return new Outcome(dir, manifest.modelId(), sentValid, topicValid, Duration.ofNanos(System.nanoTime() - started),
        fitted != null ? fitted.topic() : null, fitted != null ? fitted.sentiment() : null);
  }

  /** The head shape kept for a task and what it learned. */
  private record HeadChoice(SoftmaxTrainer.Settings settings, SoftmaxTrainer.Result result) {}

  private static HeadChoice trainHead(String task, Split split, List<String> labels, Map<String, float[]> vectors,
      long seed, PrintStream log, Map<String, Object> settingsOut) {
    float[][] x = rows(split.train(), vectors);
    float[][] devX = rows(split.dev(), vectors);
    HeadChoice best = null;
    List<Map<String, Object>> tried = new ArrayList<>();
    for (SoftmaxTrainer.Settings c : CANDIDATES) {
      long t0 = System.nanoTime();
      SoftmaxTrainer.Result r = SoftmaxTrainer.train(x, labels(split.train()), devX, labels(split.dev()), labels, c, seed,
          epoch -> log.printf("%s head (hidden %d): epoch %d%n", task, c.hidden(), epoch));
      log.printf("%s head (hidden %d): dev accuracy %.4f, macro-F1 %.4f at epoch %d, %.1fs%n", task, c.hidden(),
          r.dev().accuracy(), r.dev().macroF1(), r.epochs(), (System.nanoTime() - t0) / 1e9);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("head", c);
      m.put("best_epoch", r.epochs());
      m.put("dev", summary(r.dev()));
      tried.add(m);
      if (best == null || r.dev().macroF1() > best.result().dev().macroF1()) {
        best = new HeadChoice(c, r);
      }
    }
    settingsOut.put(task, ordered("dev_fraction", Split.DEV_FRACTION, "chosen", best.settings(), "candidates", tried));
    return best;
  }

  static List<List<LabeledText>> parts(List<Split> splits) {
    List<List<LabeledText>> out = new ArrayList<>();
    for (Split split : splits) {
      out.addAll(List.of(split.train(), split.dev(), split.valid()));
    }
    return out;
  }

  /** The vector of every distinct cleaned text of {@code parts}, keyed by the cleaned text. */
  static Map<String, float[]> encodeAll(TextEncoder encoder, List<List<LabeledText>> parts, EmbeddingCache cache,
      PrintStream log) {
    List<String> texts = new ArrayList<>();
    Map<String, float[]> seen = new HashMap<>();
    for (List<LabeledText> part : parts) {
      for (LabeledText t : part) {
        String clean = TextCleaner.clean(t.text());
        if (seen.putIfAbsent(clean, new float[0]) == null) {
          texts.add(clean);
        }
      }
    }
    Progress progress = Progress.forLog(log, "encoding", "texts", texts.size(), System::nanoTime);
    float[][] v = cache.vectors(encoder, texts, progress::update);
    for (int i = 0; i < texts.size(); i++) {
      seen.put(texts.get(i), v[i]);
    }
    return seen;
  }

  static ModelManifest manifest(String version, Clock clock, String encoderSha, Settings s, byte[] heads,
      TrainingData data, JsonNode training) {
    return manifest(MODEL_NAME, version, clock, bundledEncoder(encoderSha, s.maxTokens()), heads, data, training);
  }

  /** The manifest's entry for the int8 encoder on the class path. */
  static ModelManifest.Encoder bundledEncoder(String encoderSha, int maxTokens) {
    return new ModelManifest.Encoder(TextEncoder.ARTIFACT, TextEncoder.RESOURCE, TextEncoder.TOKENIZER, encoderSha,
        TextEncoder.OUTPUT, TextEncoder.POOLING, maxTokens);
  }

  /** A manifest of model family {@code name} for heads trained on {@code encoder}. */
  static ModelManifest manifest(String name, String version, Clock clock, ModelManifest.Encoder encoder, byte[] heads,
      TrainingData data, JsonNode training) {
    return new ModelManifest(
        name, version, clock.instant().toString(),
        encoder,
        new ModelManifest.Heads(HEADS_FILE, ContentHash.of(heads), HeadsGraph.INPUT,
            new ModelManifest.Outputs(HeadsGraph.TOPIC_OUTPUT, HeadsGraph.SENTIMENT_OUTPUT)),
        new ModelManifest.Labels(data.topicLabels(), NewsClassifier.SENTIMENT_LABELS),
        training);
  }

  /** The first free {@code yyyy-MM-dd.N} version name under {@code outDir}. */
  public static String nextVersion(Path outDir, Clock clock) {
    String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
    for (int n = 1; ; n++) {
      if (!Files.exists(outDir.resolve(day + "." + n))) {
        return day + "." + n;
      }
    }
  }

  private static Map<String, Object> summary(Evaluation e) {
    Map<String, Object> m = e.toMap();
    return ordered("examples", m.get("examples"), "accuracy", m.get("accuracy"), "macro_f1", m.get("macro_f1"));
  }

  /** A map keeping the given key order, so manifests diff cleanly between versions. */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  static float[][] rows(List<LabeledText> texts, Map<String, float[]> vectors) {
    float[][] x = new float[texts.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = vectors.get(TextCleaner.clean(texts.get(i).text()));
    }
    return x;
  }

  static int[] labels(List<LabeledText> texts) {
    return texts.stream().mapToInt(LabeledText::label).toArray();
  }

  /** Index of the largest value, the first on ties. */
  public static int argmax(float[] p) {
    return SoftmaxTrainer.argmax(p);
  }

  /** {@link #argmax(float[])} of every row. */
  public static int[] argmax(float[][] p) {
    int[] out = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = SoftmaxTrainer.argmax(p[i]);
    }
    return out;
  }
}
