package dev.bellwether.classifier.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a model version checks its manifest against the heads graph and the encoder. */
class ModelLoadTest {

  private static final List<String> TOPICS = topics(20);
  private static String encoderSha;
  private static byte[] heads;

  @TempDir Path dir;

  @BeforeAll
  static void writeHeads() {
    encoderSha = ContentHash.of(TextEncoder.resource(TextEncoder.RESOURCE));
    Random random = new Random(1);
    heads = HeadsGraph.write(List.of(dense(384, 20, random)), List.of(dense(384, 3, random)));
  }

  private static List<String> topics(int n) {
    List<String> t = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      t.add("topic-" + i);
    }
    return t;
  }

  private static HeadsGraph.Dense dense(int in, int out, Random random) {
    float[][] w = new float[in][out];
    for (float[] row : w) {
      for (int j = 0; j < out; j++) {
        row[j] = (float) random.nextGaussian() * 0.1f;
      }
    }
    return new HeadsGraph.Dense(w, new float[out]);
  }

  private static ModelManifest manifest(byte[] graph) {
    return new ModelManifest("test-model", "0.1", "2026-11-29T00:00:00Z",
        new ModelManifest.Encoder(TextEncoder.ARTIFACT, TextEncoder.RESOURCE, TextEncoder.TOKENIZER, encoderSha,
            TextEncoder.OUTPUT, TextEncoder.POOLING, 128),
        new ModelManifest.Heads("heads.onnx", ContentHash.of(graph), HeadsGraph.INPUT,
            new ModelManifest.Outputs(HeadsGraph.TOPIC_OUTPUT, HeadsGraph.SENTIMENT_OUTPUT)),
        new ModelManifest.Labels(TOPICS, NewsClassifier.SENTIMENT_LABELS),
        null);
  }

  private Path write(UnaryOperator<ModelManifest> change) throws IOException {
    Files.write(dir.resolve("heads.onnx"), heads);
    Files.write(dir.resolve("manifest.json"), change.apply(manifest(heads)).toJson());
    return dir;
  }

  @Test
  void loadsAConsistentVersionAndDerivesItsIdFromBothHashes() throws IOException {
    try (NewsClassifier c = NewsClassifier.load(write(m -> m), 1, 32)) {
      assertThat(c.id().name()).isEqualTo("test-model");
      assertThat(c.id().sha256()).isEqualTo(ContentHash.ofText(encoderSha + ContentHash.of(heads)));
      assertThat(c.classify("Acme beats estimates").topic().probabilities()).hasSize(20);
    }
  }

  @Test
  void refusesAnOutputNameTheHeadsDoNotHave() throws IOException {
    Path d = write(m -> new ModelManifest(m.name(), m.version(), m.created(), m.encoder(),
        new ModelManifest.Heads(m.heads().file(), m.heads().sha256(), m.heads().input(),
            new ModelManifest.Outputs("topic_probs", HeadsGraph.SENTIMENT_OUTPUT)),
        m.labels(), null));

    assertThatThrownBy(() -> NewsClassifier.load(d, 1, 32))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no topic output 'topic_probs'")
        .hasMessageContaining(HeadsGraph.TOPIC_OUTPUT);
  }

  @Test
  void refusesATopicLabelCountThatDiffersFromTheOutputWidth() throws IOException {
    Path d = write(m -> new ModelManifest(m.name(), m.version(), m.created(), m.encoder(), m.heads(),
        new ModelManifest.Labels(topics(19), NewsClassifier.SENTIMENT_LABELS), null));

    assertThatThrownBy(() -> NewsClassifier.load(d, 1, 32))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("topic output 'topic_probabilities' is 20 wide but the manifest lists 19 topic labels");
  }

  @Test
  void refusesAnInputNameTheHeadsDoNotHave() throws IOException {
    Path d = write(m -> new ModelManifest(m.name(), m.version(), m.created(), m.encoder(),
        new ModelManifest.Heads(m.heads().file(), m.heads().sha256(), "sentence", m.heads().outputs()),
        m.labels(), null));

    assertThatThrownBy(() -> NewsClassifier.load(d, 1, 32))
        .hasMessageContaining("heads input is [embedding] but the manifest names 'sentence'");
  }

  @Test
  void refusesSentimentLabelsInAnotherOrder() throws IOException {
    Path d = write(m -> new ModelManifest(m.name(), m.version(), m.created(), m.encoder(), m.heads(),
        new ModelManifest.Labels(TOPICS, List.of("positive", "neutral", "negative")), null));

    assertThatThrownBy(() -> NewsClassifier.load(d, 1, 32))
        .hasMessageContaining("sentiment labels are [positive, neutral, negative], expected [negative, neutral, positive]");
  }

  @Test
  void refusesHeadsWhoseHashDiffersFromTheManifest() throws IOException {
    Path d = write(m -> new ModelManifest(m.name(), m.version(), m.created(), m.encoder(),
        new ModelManifest.Heads(m.heads().file(), "0".repeat(64), m.heads().input(), m.heads().outputs()),
        m.labels(), null));

    assertThatThrownBy(() -> NewsClassifier.load(d, 1, 32))
        .hasMessageContaining("heads.onnx has sha256 " + ContentHash.of(heads))
        .hasMessageContaining("but the manifest says " + "0".repeat(64));
  }

  @Test
  void refusesAnEncoderOutputThisCodeDoesNotRead() throws IOException {
    Path d = write(m -> new ModelManifest(m.name(), m.version(), m.created(),
        new ModelManifest.Encoder(TextEncoder.ARTIFACT, TextEncoder.RESOURCE, TextEncoder.TOKENIZER, encoderSha,
            "pooler_output", TextEncoder.POOLING, 128),
        m.heads(), m.labels(), null));

    assertThatThrownBy(() -> NewsClassifier.load(d, 1, 32))
        .hasMessageContaining("encoder output 'pooler_output'");
  }
}
