package dev.bellwether.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.classifier.model.ContentHash;
import dev.bellwether.classifier.model.ModelManifest;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.train.EncoderFineTuner;
import dev.bellwether.classifier.train.Trainer;
import dev.bellwether.kafka.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --fine-tune} end to end on a tiny data root with the real topic labels: warm start
 * from the frozen-encoder heads, the bundled model as teacher, a few steps, export, and the exported
 * int8 version served by NewsClassifier agreeing with the trained DJL model.
 */
class JointFineTunerTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path data;
  @TempDir Path out;

  @Test
  void writesAServableVersionWhoseInt8PredictionsMatchTheTrainedModel() throws Exception {
    List<String> topics;
    try (NewsClassifier bundled = NewsClassifier.loadBundled(1, 8)) {
      topics = bundled.manifest().labels().topic();
    }
    TinyData.write(data, topics, 4);
    EncoderFineTuner tuner = EncoderFineTuner.find().orElseThrow();
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    Trainer.Outcome o = tuner.fineTune(new EncoderFineTuner.Settings(
            new Trainer.Settings(data, out, null, 5, 32, 1, 0, "ft1"), 1, 6, 5e-5, 0.1, 2, true, false,
            EncoderFineTuner.BUNDLED_TEACHER, 0.5),
        new PrintStream(log, true, StandardCharsets.UTF_8), CLOCK);

    assertThat(tuner).isInstanceOf(JointFineTuner.class);
    Path dir = out.resolve("ft1");
    assertThat(o.directory()).isEqualTo(dir);
    ModelManifest m = ModelManifest.parse(Files.readAllBytes(dir.resolve(ModelManifest.FILE)), "test");
    assertThat(m.encoder().file()).isEqualTo("encoder.onnx");
    assertThat(m.encoder().sha256()).isEqualTo(ContentHash.of(dir.resolve("encoder.onnx")))
        .isNotEqualTo(ContentHash.of(BaseEncoder.int8()));
    assertThat(o.sentiment().total()).isEqualTo(24);
    assertThat(o.topic().total()).isEqualTo(24);

    JsonNode agreement = Json.mapper().readTree(Files.readAllBytes(dir.resolve(ModelManifest.FILE)))
        .at("/training/export_agreement");
    System.out.println("export agreement: " + agreement);
    for (String task : List.of("topic", "sentiment")) {
      assertThat(agreement.at("/vs_int8_simulated/" + task + "/texts").asInt()).isEqualTo(24);
      assertThat(agreement.at("/vs_int8_simulated/" + task + "/agreement").asDouble()).isGreaterThanOrEqualTo(0.98);
      assertThat(agreement.at("/vs_fp32/" + task + "/agreement").asDouble()).isGreaterThanOrEqualTo(0.9);
    }
    JsonNode training = Json.mapper().readTree(Files.readAllBytes(dir.resolve(ModelManifest.FILE))).at("/training");
    assertThat(training.at("/teacher/model").asText()).startsWith("bge-small-en-v1.5-ft+heads@");
    int taught = training.at("/teacher/texts").asInt();
    assertThat(taught).isPositive();
    assertThat(training.at("/metrics/topic/valid_fp32/examples").asInt()).isEqualTo(24);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("heads: frozen-encoder model", "fine-tuning step 2/2",
        "teacher labels " + taught + "/" + taught + " (100%)", "done in");
  }
}
