package dev.bellwether.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bellwether.classifier.model.ContentHash;
import dev.bellwether.classifier.model.HeadsGraph;
import dev.bellwether.classifier.model.ModelManifest;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.TextEncoder;
import dev.bellwether.classifier.train.EncoderFineTuner;
import dev.bellwether.classifier.train.Split;
import dev.bellwether.classifier.train.Trainer;
import dev.bellwether.classifier.train.TrainingData;
import dev.bellwether.kafka.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fine-tuned model version on disk: {@code encoder.onnx} (the trained weights quantised into the
 * shipped int8 graph), {@code heads.onnx} (as {@link HeadsGraph} writes it) and
 * {@code manifest.json} naming both with their hashes, loadable by {@link NewsClassifier} like
 * any version.
 */
final class FineTunedVersion {

  /** Model family of fine-tuned versions. */
  static final String MODEL_NAME = "bge-small-en-v1.5-ft+heads";
  static final String ENCODER_FILE = "encoder.onnx";

  /**
   * A written version whose manifest still lacks metrics.
   *
   * @param directory the version directory
   * @param manifest the manifest written so far
   */
  record Written(Path directory, ModelManifest manifest) {}

  private FineTunedVersion() {}

  /** Exports the model and writes the version directory with a manifest holding data and rows. */
  static Written write(JointModel model, OnnxWeights base, EncoderFineTuner.Settings s, TrainingData data,
      Split sentiment, Split topic, Clock clock, PrintStream log) {
    Trainer.Settings b = s.base();
    long t0 = System.nanoTime();
    byte[] encoder = Int8Graph.requantise(BaseEncoder.int8(), fp32ByInitializer(model, base));
    byte[] heads = HeadsGraph.write(model.layers(JointModel.TOPIC), model.layers(JointModel.SENTIMENT));
    String version = b.version() != null ? b.version() : Trainer.nextVersion(b.outDir(), clock);
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("seed", b.seed());
    training.put("base_encoder", Map.of("artifact", BaseEncoder.FP32_ARTIFACT, "resource", BaseEncoder.FP32_RESOURCE,
        "int8_template", TextEncoder.ARTIFACT + "!" + TextEncoder.RESOURCE));
    training.put("data", data.files());
    training.put("rows", Map.of("sentiment", sentiment.counts(), "topic", topic.counts()));
    ModelManifest manifest = new ModelManifest(MODEL_NAME, version, clock.instant().toString(),
        new ModelManifest.Encoder(TextEncoder.ARTIFACT, null, TextEncoder.TOKENIZER, ContentHash.of(encoder),
            TextEncoder.OUTPUT, TextEncoder.POOLING, b.maxTokens(), ENCODER_FILE),
        new ModelManifest.Heads(Trainer.HEADS_FILE, ContentHash.of(heads), HeadsGraph.INPUT,
            new ModelManifest.Outputs(HeadsGraph.TOPIC_OUTPUT, HeadsGraph.SENTIMENT_OUTPUT)),
        new ModelManifest.Labels(data.topicLabels(), NewsClassifier.SENTIMENT_LABELS),
        Json.mapper().valueToTree(training));
    Path dir = b.outDir().resolve(version);
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(ENCODER_FILE), encoder);
      Files.write(dir.resolve(Trainer.HEADS_FILE), heads);
      Files.write(dir.resolve(ModelManifest.FILE), manifest.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model version to " + dir, e);
    }
    log.printf("exported %s (int8 encoder %,d bytes, heads %,d bytes) in %.1fs%n", dir, encoder.length, heads.length,
        (System.nanoTime() - t0) / 1e9);
    return new Written(dir, manifest);
  }

  /** Adds the fine-tuning record (settings, loss curve, metrics, agreement) to the manifest. */
  static void finish(Written w, Map<String, Object> more) {
    ObjectNode training = ((ObjectNode) w.manifest().training()).deepCopy();
    JsonNode extra = Json.mapper().valueToTree(more);
    training.setAll((ObjectNode) extra);
    ModelManifest m = w.manifest();
    ModelManifest done = new ModelManifest(m.name(), m.version(), m.created(), m.encoder(), m.heads(), m.labels(), training);
    try {
      Files.write(w.directory().resolve(ModelManifest.FILE), done.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write manifest to " + w.directory(), e);
    }
  }

  /** The settings record of the manifest. */
  static Map<String, Object> settings(EncoderFineTuner.Settings s, JointTraining.Run run) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs", s.epochs());
    m.put("batch_size", s.batchSize());
    m.put("learning_rate", s.learningRate());
    m.put("head_rate_scale", JointTraining.HEAD_RATE_SCALE);
    m.put("warmup_fraction", s.warmupFraction());
    m.put("schedule", "linear warm-up, then linear decay to 0");
    m.put("optimizer", "AdamW (0.9, 0.999, 1e-8), weight decay " + JointTraining.WEIGHT_DECAY
        + " on matrices, gradient norm clipped at 1");
    m.put("max_steps", s.maxSteps());
    m.put("steps", run.steps());
    m.put("skipped_steps", run.skippedSteps());
    m.put("seconds_per_step", Math.round(run.secondsPerStep() * 1000) / 1000.0);
    m.put("cpu_seconds_per_step", Math.round(run.cpuSecondsPerStep() * 1000) / 1000.0);
    m.put("max_tokens", s.base().maxTokens());
    m.put("threads", s.base().threads());
    m.put("limit", s.base().limit());
    m.put("word_embeddings_frozen", s.freezeWordEmbeddings());
    m.put("quantisation_aware", s.quantisationAware());
    m.put("warm_start", s.warmStart());
    m.put("wire_share", s.wireShare());
    m.put("tweet_share", s.tweetShare());
    m.put("time_budget_minutes", s.timeBudgetMinutes());
    return m;
  }

  /** The encoder's current weights keyed by the fp32 graph's initializer names. */
  static Map<String, float[]> fp32ByInitializer(JointModel model, OnnxWeights base) {
    Map<String, float[]> out = new HashMap<>();
    model.encoder().parameters().forEach((name, w) -> out.put(base.initializer(name), w.toFloatArray()));
    return out;
  }
}
