package dev.bellwether.classifier.train;

import dev.bellwether.classifier.model.HeadsGraph;
import dev.bellwether.classifier.model.ModelManifest;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.StoredModel;
import dev.bellwether.classifier.model.TextEncoder;
import dev.bellwether.event.ModelId;
import dev.bellwether.kafka.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retrains the heads of the current model on the base training data plus analysts' label
 * corrections, compares the candidate with the current model on the same held-out data and
 * promotes it only when {@link Comparison#decide the promotion rule} allows.
 *
 * <p>The heads continue from the current model's weights (frozen encoder) rather than starting
 * afresh: corrections are few, and a fixed number of small Adam steps over base data plus
 * weighted corrections moves the heads toward the corrections while the base data holds the
 * rest in place. A correction counts {@code weight} times (it is repeated in every epoch).
 */
public final class FeedbackTrainer {

  /** Folder under the models folder that receives candidates the rule did not promote. */
  public static final String CANDIDATES = "candidates";
  /** Link under the models folder naming the promoted version; point {@code classifier.model-dir} at it. */
  public static final String CURRENT = "current";

  /**
   * What to train.
   *
   * @param base data root, models folder ({@code outDir}), cache, seed, limit, threads and version name
   * @param weight how many times each correction counts against one base example
   * @param tolerance largest accuracy drop on a base validation set the rule accepts
   * @param heldOutPercent share of corrected items (by item id hash) held out to judge the candidate
   * @param epochs passes over base data plus corrections
   * @param learningRate Adam step size
   * @param source where the corrections came from, for the manifest
   * @param calibrate fit the candidate's temperatures on the base dev split before it is written
   *     (and perhaps promoted at once): the steps on corrections sharpen the heads again
   */
  public record Settings(Trainer.Settings base, int weight, double tolerance, int heldOutPercent, int epochs,
      double learningRate, String source, boolean calibrate) {

    /** Checks the ranges. */
    public Settings {
      if (weight < 1) {
        throw new IllegalArgumentException("--feedback-weight must be at least 1, was " + weight);
      }
      if (tolerance < 0 || tolerance >= 1) {
        throw new IllegalArgumentException("--tolerance must be in [0, 1), was " + tolerance);
      }
      if (heldOutPercent < 1 || heldOutPercent > 90) {
        throw new IllegalArgumentException("--held-out-percent must be in 1..90, was " + heldOutPercent);
      }
    }
  }

  /**
   * A finished run.
   *
   * @param directory the version directory written (under {@code candidates/} when not promoted)
   * @param id the candidate's model id
   * @param comparison candidate against current on every held-out set, with the decision
   * @param wallTime how long the run took
   */
  public record Outcome(Path directory, ModelId id, Comparison comparison, Duration wallTime) {}

  private FeedbackTrainer() {}

  /** Trains, compares and promotes or sets aside; {@code log} receives progress lines. */
  public static Outcome train(Settings s, List<FeedbackCorrection> all, PrintStream log, Clock clock) {
    long started = System.nanoTime();
    Path models = s.base().outDir();
    Path currentDir = Files.exists(models.resolve(CURRENT)) ? models.resolve(CURRENT) : null;
    StoredModel current = StoredModel.read(currentDir);
    TrainingData data = TrainingData.load(s.base().dataRoot());
    if (!data.topicLabels().equals(current.manifest().labels().topic())) {
      throw new IllegalArgumentException("the topic classes of " + s.base().dataRoot() + " differ from those of the current model "
          + current.where());
    }
    List<FeedbackCorrection> latest = FeedbackCorrection.latest(all);
    log.printf("corrections: %d records, %d items (latest per item kept); current model %s from %s%n",
        all.size(), latest.size(), current.manifest().modelId().display(), current.where());

    TaskData sentiment = TaskData.of(Task.SENTIMENT, data.sentimentTrain(), data.sentimentValid(), latest,
        NewsClassifier.SENTIMENT_LABELS, s);
    TaskData topic = TaskData.of(Task.TOPIC, data.topicTrain(), data.topicValid(), latest, data.topicLabels(), s);
    for (TaskData t : List.of(sentiment, topic)) {
      log.printf("%s: %d base train, %d base valid; %d corrections for training (x%d), %d held out%n", t.task().label(),
          t.split().train().size(), t.split().valid().size(), t.feedbackTrain().size(), s.weight(), t.feedbackHeld().size());
    }

    Map<String, float[]> vectors;
    String encoderSha;
    // A fine-tuned current model keeps its encoder: only the heads learn from the corrections.
    try (TextEncoder encoder = current.ownEncoder()
        ? TextEncoder.load(current.encoder(), s.base().threads(), s.base().maxTokens())
        : TextEncoder.load(s.base().threads(), s.base().maxTokens())) {
      encoderSha = encoder.sha256();
      List<List<LabeledText>> parts = new ArrayList<>();
      for (TaskData t : List.of(sentiment, topic)) {
        parts.addAll(List.of(t.split().train(), t.split().dev(), t.split().valid(), t.feedbackTrain(), t.feedbackHeld()));
      }
      vectors = Trainer.encodeAll(encoder, parts, new EmbeddingCache(s.base().cacheDir()), log);
    }
    if (!encoderSha.equals(current.manifest().encoder().sha256())) {
      throw new IllegalArgumentException("the current model " + current.where() + " was trained on another encoder ("
          + current.manifest().encoder().sha256() + ") than the one it is scored with (" + encoderSha + ")");
    }
    List<List<HeadsGraph.Dense>> start = HeadsGraph.read(current.heads());
    SoftmaxTrainer.Settings head = new SoftmaxTrainer.Settings(0, 1e-4, s.learningRate(), s.epochs(), 64, 0, 0.0);
    List<HeadsGraph.Dense> topicHead = topic.fineTune(start.get(0), vectors, head, s, log);
    List<HeadsGraph.Dense> sentimentHead = sentiment.fineTune(start.get(1), vectors, head, s, log);
    Map<String, Object> calibration = null;
    if (s.calibrate()) {
      Calibrator.Fitted fitted = Calibrator.fit(topicHead, topic.split(), sentimentHead, sentiment.split(), vectors, log);
      topicHead = fitted.topicHead();
      sentimentHead = fitted.sentimentHead();
      calibration = fitted.toMap(s.base().seed());
    }
    byte[] heads = HeadsGraph.write(topicHead, sentimentHead);

    String version = s.base().version() != null ? s.base().version() : Trainer.nextVersion(models, clock);
    // With its own encoder the version stays in its family (a fine-tuned one keeps its name).
    ModelManifest.Encoder encoderEntry = current.ownEncoder()
        ? current.manifest().encoder()
        : Trainer.bundledEncoder(encoderSha, s.base().maxTokens());
    String family = current.ownEncoder() ? current.manifest().name() : Trainer.MODEL_NAME;
    ModelManifest draft = Trainer.manifest(family, version, clock, encoderEntry, heads, data, null);
    Comparison comparison = Comparison.of(List.of(
        sentiment.compare(heads, draft, current, vectors, 1),
        topic.compare(heads, draft, current, vectors, 0)), s.tolerance(), current.manifest().modelId().display(),
        draft.modelId().display());

    Map<String, Object> training = new LinkedHashMap<>();
    training.put("seed", s.base().seed());
    training.put("data", data.files());
    training.put("continued_from", Trainer.ordered("model", current.manifest().modelId().display(), "where", current.where()));
    training.put("settings", Trainer.ordered("epochs", s.epochs(), "learning_rate", s.learningRate(), "l2", head.l2(),
        "batch_size", head.batchSize()));
    training.put("feedback", feedbackSummary(s, all, latest, sentiment, topic));
    training.put("comparison", comparison.toMap());
    if (calibration != null) {
      training.put("calibration", calibration);
    }
    ModelManifest manifest = Trainer.manifest(family, version, clock, encoderEntry, heads, data,
        Json.mapper().valueToTree(training));
    Path dir = comparison.promoted() ? models.resolve(version) : models.resolve(CANDIDATES).resolve(version);
    try {
      Files.createDirectories(dir);
      if (current.ownEncoder()) {
        Files.write(dir.resolve(encoderEntry.file()), current.encoder());
      }
      Files.write(dir.resolve(Trainer.HEADS_FILE), heads);
      Files.write(dir.resolve(ModelManifest.FILE), manifest.toJson());
      Files.write(dir.resolve(Comparison.JSON_FILE), Json.mapper().writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(comparison.toMap()));
      Files.writeString(dir.resolve(Comparison.TEXT_FILE), comparison.table());
      if (comparison.promoted()) {
        pointCurrent(models, version);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model version to " + dir, e);
    }
    return new Outcome(dir, manifest.modelId(), comparison, Duration.ofNanos(System.nanoTime() - started));
  }

  /** Re-points {@code models/current} at the version in one rename, so a watcher never sees half a change. */
  static void pointCurrent(Path models, String version) throws IOException {
    Path link = models.resolve(CURRENT);
    if (Files.exists(link) && !Files.isSymbolicLink(link)) {
      throw new IOException(link + " is a directory, not a link; move it aside so promotion can re-point it");
    }
    Path tmp = models.resolve(CURRENT + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, Path.of(version));
    Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static Map<String, Object> feedbackSummary(Settings s, List<FeedbackCorrection> all,
      List<FeedbackCorrection> latest, TaskData sentiment, TaskData topic) {
    Map<String, long[]> offsets = new LinkedHashMap<>();
    for (FeedbackCorrection c : all) {
      if (c.partition() >= 0) {
        offsets.merge(String.valueOf(c.partition()), new long[] {c.offset(), c.offset()},
            (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
      }
    }
    return Trainer.ordered(
        "source", s.source(),
        "records", all.size(),
        "items", latest.size(),
        "weight", s.weight(),
        "held_out_percent", s.heldOutPercent(),
        "from", all.stream().map(FeedbackCorrection::at).min(java.util.Comparator.naturalOrder()).map(Object::toString).orElse(null),
        "to", all.stream().map(FeedbackCorrection::at).max(java.util.Comparator.naturalOrder()).map(Object::toString).orElse(null),
        "offsets", offsets,
        "sentiment", Trainer.ordered("train", sentiment.feedbackTrain().size(), "held_out", sentiment.feedbackHeld().size()),
        "topic", Trainer.ordered("train", topic.feedbackTrain().size(), "held_out", topic.feedbackHeld().size()));
  }
}
