package dev.bellwether.classifier.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bellwether.classifier.model.ContentHash;
import dev.bellwether.classifier.model.HeadsGraph;
import dev.bellwether.classifier.model.ModelManifest;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a calibrated copy of a model version: the temperature of each head is fitted on the dev
 * part of the training data, the same seeded split its training held out, and measured there and
 * on the de-duplicated validation split, before and after. Encoder, labels and predictions stay
 * as they were; the heads, the manifest's hash and so the model id change.
 */
public final class Calibrator {

  /**
   * A calibrated version.
   *
   * @param directory the new version directory
   * @param id its model id
   * @param topic the topic head's fit on dev, and its quality on validation before and after
   * @param sentiment the same for the sentiment head
   */
  public record Outcome(Path directory, ModelId id, Head topic, Head sentiment) {}

  /**
   * One head's result.
   *
   * @param dev the fit on the dev split
   * @param validBefore validation quality before
   * @param validAfter validation quality after
   */
  public record Head(Calibration.Fit dev, Calibration.Quality validBefore, Calibration.Quality validAfter) {

    Map<String, Object> toMap() {
      return Trainer.ordered("temperature", Math.round(dev.temperature() * 10000.0) / 10000.0,
          "dev", Trainer.ordered("before", dev.before().toMap(), "after", dev.after().toMap()),
          "valid", Trainer.ordered("before", validBefore.toMap(), "after", validAfter.toMap()));
    }
  }

  /**
   * Both heads with the temperatures fitted on their dev splits folded in, for a training run
   * that calibrates from the vectors it already holds rather than encoding its texts again.
   *
   * @param topicHead the topic head, scaled
   * @param sentimentHead the sentiment head, scaled
   * @param topic the topic head's fit
   * @param sentiment the sentiment head's fit
   */
  record Fitted(List<HeadsGraph.Dense> topicHead, List<HeadsGraph.Dense> sentimentHead, Head topic, Head sentiment) {

    /** The manifest's {@code calibration} block. */
    Map<String, Object> toMap(long seed) {
      return Trainer.ordered("method", METHOD, "seed", seed, "topic", topic.toMap(), "sentiment", sentiment.toMap());
    }
  }

  /** How the manifest names what was done. */
  static final String METHOD = "temperature scaling of each head's logits, fitted on the dev split by log-likelihood";

  private Calibrator() {}

  /**
   * Calibrates {@code model} and writes the result as the new version {@code s.version()} (or
   * the next free {@code yyyy-MM-dd.N}) under {@code s.outDir()}.
   *
   * @param s data root, output folder, seed of the dev split, threads, max tokens, limit, version
   * @param log receives progress lines
   * @throws IllegalArgumentException when the version directory exists, or the data does not fit
   */
  public static Outcome calibrate(StoredModel model, Trainer.Settings s, PrintStream log, Clock clock) {
    String version = s.version() != null ? s.version() : Trainer.nextVersion(s.outDir(), clock);
    Path dir = s.outDir().resolve(version);
    if (Files.exists(dir)) {
      throw new IllegalArgumentException(dir + " already exists: choose another --version-name");
    }
    return write(model, fit(model, s, log), dir, version, clock.instant().toString(), clock);
  }

  /**
   * Calibrates the version in {@code dir} where it is, as training does before it reports: the
   * heads and the manifest are replaced (each by an atomic rename), name and version stay. Only
   * for a version nothing serves yet: between the two renames the hashes disagree.
   */
  public static Outcome calibrateInPlace(Path dir, Trainer.Settings s, PrintStream log, Clock clock) {
    StoredModel model = StoredModel.read(dir);
    return write(model, fit(model, s, log), dir, model.manifest().version(), model.manifest().created(), clock);
  }

  /** The model's heads as read ({@code [0]} topic, {@code [1]} sentiment) and both heads' fits. */
  private record Fits(List<List<HeadsGraph.Dense>> heads, Head topic, Head sentiment, long seed) {}

  private static Fits fit(StoredModel model, Trainer.Settings s, PrintStream log) {
    TrainingData data = TrainingData.load(s.dataRoot());
    List<String> topicLabels = model.manifest().labels().topic();
    if (!topicLabels.equals(data.topicLabels())) {
      throw new IllegalArgumentException("the model's topic labels " + topicLabels + " are not those of "
          + s.dataRoot() + " " + data.topicLabels() + ": calibrate it with the data it was trained on");
    }
    Split sentiment = Split.of(data.sentimentTrain(), data.sentimentValid(), s);
    Split topic = Split.of(data.topicTrain(), data.topicValid(), s);
    log.printf("calibrating %s on the dev split of seed %d (%d sentiment, %d topic texts)%n",
        model.manifest().modelId().display(), s.seed(), sentiment.dev().size(), topic.dev().size());
    Map<String, float[]> vectors;
    try (TextEncoder encoder = model.ownEncoder()
        ? TextEncoder.load(model.encoder(), s.threads(), s.maxTokens())
        : TextEncoder.load(s.threads(), s.maxTokens())) {
      if (!encoder.sha256().equals(model.manifest().encoder().sha256())) {
        throw new IllegalArgumentException(model.where() + " was trained on another encoder ("
            + model.manifest().encoder().sha256() + ") than the one it is scored with (" + encoder.sha256() + ")");
      }
      vectors = Trainer.encodeAll(encoder, List.of(sentiment.dev(), sentiment.valid(), topic.dev(), topic.valid()),
          new EmbeddingCache(s.cacheDir()), log);
    }
    List<List<HeadsGraph.Dense>> heads = HeadsGraph.read(model.heads());
    return new Fits(heads, fit(heads.get(0), topic, vectors), fit(heads.get(1), sentiment, vectors), s.seed());
  }

  private static Outcome write(StoredModel model, Fits fits, Path dir, String version, String created, Clock clock) {
    byte[] scaled = HeadsGraph.write(
        Calibration.scaled(fits.heads().get(0), fits.topic().dev().temperature()),
        Calibration.scaled(fits.heads().get(1), fits.sentiment().dev().temperature()));
    ModelManifest old = model.manifest();
    ObjectNode training = old.training() != null && old.training().isObject()
        ? ((ObjectNode) old.training()).deepCopy() : Json.mapper().createObjectNode();
    Map<String, Object> calibration = new LinkedHashMap<>();
    calibration.put("method", METHOD);
    calibration.put("from", old.modelId().display());
    calibration.put("seed", fits.seed());
    calibration.put("at", clock.instant().toString());
    calibration.put("topic", fits.topic().toMap());
    calibration.put("sentiment", fits.sentiment().toMap());
    training.set("calibration", Json.mapper().valueToTree(calibration));
    ModelManifest manifest = new ModelManifest(old.name(), version, created, old.encoder(),
        new ModelManifest.Heads(old.heads().file(), ContentHash.of(scaled), old.heads().input(), old.heads().outputs()),
        old.labels(), training);
    try {
      Files.createDirectories(dir);
      if (model.ownEncoder() && !Files.exists(dir.resolve(old.encoder().file()))) {
        Files.write(dir.resolve(old.encoder().file()), model.encoder());
      }
      replace(dir.resolve(old.heads().file()), scaled);
      replace(dir.resolve(ModelManifest.FILE), manifest.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model version to " + dir, e);
    }
    return new Outcome(dir, manifest.modelId(), fits.topic(), fits.sentiment());
  }

  /** Writes next to {@code file}, then renames over it, so a reader never sees half a file. */
  private static void replace(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Fits both heads on their dev splits from {@code vectors}, which must hold every dev and validation text. */
  static Fitted fit(List<HeadsGraph.Dense> topicHead, Split topic, List<HeadsGraph.Dense> sentimentHead, Split sentiment,
      Map<String, float[]> vectors, PrintStream log) {
    Head topicFit = fit(topicHead, topic, vectors);
    Head sentimentFit = fit(sentimentHead, sentiment, vectors);
    log.printf(java.util.Locale.ROOT, "calibrated: temperature %.3f (topic), %.3f (sentiment)%n",
        topicFit.dev().temperature(), sentimentFit.dev().temperature());
    return new Fitted(Calibration.scaled(topicHead, topicFit.dev().temperature()),
        Calibration.scaled(sentimentHead, sentimentFit.dev().temperature()), topicFit, sentimentFit);
  }

  /** Fits a head's temperature on {@code split}'s dev part and measures it on its validation part. */
  static Head fit(List<HeadsGraph.Dense> head, Split split, Map<String, float[]> vectors) {
    Calibration.Fit dev = Calibration.fit(
        Calibration.logits(head, Trainer.rows(split.dev(), vectors)), Trainer.labels(split.dev()));
    float[][] validLogits = Calibration.logits(head, Trainer.rows(split.valid(), vectors));
    int[] validLabels = Trainer.labels(split.valid());
    return new Head(dev, Calibration.quality(Calibration.probabilities(validLogits, 1), validLabels),
        Calibration.quality(Calibration.probabilities(validLogits, dev.temperature()), validLabels));
  }
}
