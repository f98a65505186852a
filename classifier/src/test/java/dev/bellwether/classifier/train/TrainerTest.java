package dev.bellwether.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.classifier.model.ContentHash;
import dev.bellwether.classifier.model.ModelManifest;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.StoredModel;
import dev.bellwether.kafka.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on a tiny hand-written data root: the whole pipeline, encoder included. */
class TrainerTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
  private static final String[] COMPANIES = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay"};

  @TempDir static Path data;
  @TempDir Path out;

  @BeforeAll
  static void writeDataRoot() throws IOException {
    List<String> sentTrain = new ArrayList<>(List.of("text,label"));
    List<String> sentValid = new ArrayList<>(List.of("text,label"));
    List<String> topicTrain = new ArrayList<>(List.of("text,label"));
    List<String> topicValid = new ArrayList<>(List.of("text,label"));
    for (int i = 0; i < COMPANIES.length; i++) {
      String c = COMPANIES[i];
      List<String> sent = i < 4 ? sentTrain : sentValid;
      sent.add(c + " shares plunge after fraud probe https://t.co/x" + i + ",0");
      sent.add(c + " stock soars on record profit,1");
      sent.add(c + " to hold annual meeting on Tuesday,2");
      List<String> topic = i < 4 ? topicTrain : topicValid;
      topic.add(c + " quarterly earnings beat estimates,0");
      topic.add(c + " names new chief executive,1");
      topic.add("\"" + c + " agrees to buy rival, in $2 billion deal\",2");
    }
    // A near-duplicate of a validation text (other link): training must drop it.
    sentTrain.add("Hooli shares plunge after fraud probe https://t.co/other,0");
    write("twitter-financial-news-sentiment/sent_train.csv", sentTrain);
    write("twitter-financial-news-sentiment/sent_valid.csv", sentValid);
    write("twitter-financial-news-topic/topic_train.csv", topicTrain);
    write("twitter-financial-news-topic/topic_valid.csv", topicValid);
    write("twitter-financial-news-topic/classes.txt", List.of("Earnings", "Personnel Change", "M&A | Investments"));
    write("sentfin-1.0/SEntFiN.csv", List.of("S No.,Title,Decisions,Words",
        "1,Tata Motors profit falls 20%,{'Tata Motors': 'negative'},5",
        "2,\"Infosys up, Wipro down\",\"{'Infosys': 'positive', 'Wipro': 'negative'}\",4"));
  }

  private static void write(String name, List<String> lines) throws IOException {
    Path file = data.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private Trainer.Outcome train(long seed, String version) {
    return train(seed, version, false);
  }

  private Trainer.Outcome train(long seed, String version, boolean calibrate) {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return Trainer.train(new Trainer.Settings(data, out, null, seed, 32, 1, 0, version), calibrate, quiet, CLOCK);
  }

  @Test
  void sameSeedGivesIdenticalHeadWeightsAndAnotherSeedDoesNot() throws IOException {
    Trainer.Outcome first = train(7, "a");
    Trainer.Outcome second = train(7, "b");
    Trainer.Outcome other = train(8, "c");

    byte[] a = Files.readAllBytes(first.directory().resolve(Trainer.HEADS_FILE));
    assertThat(Files.readAllBytes(second.directory().resolve(Trainer.HEADS_FILE))).isEqualTo(a);
    assertThat(second.id().sha256()).isEqualTo(first.id().sha256());
    assertThat(Files.readAllBytes(other.directory().resolve(Trainer.HEADS_FILE))).isNotEqualTo(a);
  }

  @Test
  void writesAManifestWithHashesLabelsDataAndMetricsThatLoads() throws IOException {
    Trainer.Outcome o = train(7, null);

    assertThat(o.directory().getFileName().toString()).isEqualTo("2026-11-29.1");
    ModelManifest m = ModelManifest.parse(Files.readAllBytes(o.directory().resolve(ModelManifest.FILE)), "test");
    assertThat(m.heads().sha256()).isEqualTo(ContentHash.of(o.directory().resolve(Trainer.HEADS_FILE)));
    assertThat(m.labels().topic()).containsExactly("Earnings", "Personnel Change", "M&A | Investments");
    JsonNode training = m.training();
    assertThat(training.get("seed").asLong()).isEqualTo(7);
    assertThat(training.get("data").findValuesAsText("path")).contains("sentfin-1.0/SEntFiN.csv");
    assertThat(training.at("/rows/sentiment/train_overlaps_with_valid_removed").asInt()).isEqualTo(1);
    assertThat(training.at("/metrics/topic/valid/accuracy").isNumber()).isTrue();
    assertThat(Json.mapper().readTree(m.toJson()).at("/encoder/max_tokens").asInt()).isEqualTo(32);
    try (NewsClassifier c = NewsClassifier.load(o.directory(), 1, 32)) {
      assertThat(c.id()).isEqualTo(o.id());
      assertThat(c.classify("Acme names new chief executive").topic().probabilities()).hasSize(3);
    }
  }

  @Test
  void trainingCalibratesTheHeadsItWritesWithoutChangingAPrediction() throws IOException {
    Trainer.Outcome plain = train(7, "plain");
    Trainer.Outcome calibrated = train(7, "calibrated", true);

    assertThat(plain.topicCalibration()).isNull();
    assertThat(calibrated.id()).isNotEqualTo(plain.id());
    ModelManifest m = ModelManifest.parse(Files.readAllBytes(calibrated.directory().resolve(ModelManifest.FILE)), "test");
    assertThat(m.training().at("/calibration/topic/temperature").asDouble())
        .isEqualTo(Math.round(calibrated.topicCalibration().dev().temperature() * 10000.0) / 10000.0).isPositive();
    assertThat(m.training().at("/calibration/method").asText()).isEqualTo(Calibrator.METHOD);
    assertThat(calibrated.sentiment().accuracy()).isEqualTo(plain.sentiment().accuracy());
    try (NewsClassifier before = NewsClassifier.load(plain.directory(), 1, 32);
        NewsClassifier after = NewsClassifier.load(calibrated.directory(), 1, 32)) {
      assertThat(after.id()).isEqualTo(calibrated.id());
      for (String text : List.of("Hooli shares plunge after fraud probe", "Acme names new chief executive")) {
        assertThat(after.classify(text).sentiment().label()).isEqualTo(before.classify(text).sentiment().label());
        assertThat(after.classify(text).topic().label()).isEqualTo(before.classify(text).topic().label());
      }
    }
  }

  @Test
  void calibrationWritesAVersionWithTheSamePredictionsAndItsTemperatures() throws IOException {
    Trainer.Outcome trained = train(7, "t");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    Calibrator.Outcome calibrated = Calibrator.calibrate(StoredModel.read(trained.directory()),
        new Trainer.Settings(data, out, null, 7, 32, 1, 0, "t-calibrated"), quiet, CLOCK);

    assertThat(calibrated.directory()).isEqualTo(out.resolve("t-calibrated"));
    assertThat(calibrated.id()).isNotEqualTo(trained.id());
    ModelManifest m = ModelManifest.parse(Files.readAllBytes(calibrated.directory().resolve(ModelManifest.FILE)), "test");
    double t = m.training().at("/calibration/sentiment/temperature").asDouble();
    assertThat(t).isEqualTo(Math.round(calibrated.sentiment().dev().temperature() * 10000.0) / 10000.0).isPositive();
    assertThat(m.training().at("/calibration/from").asText()).isEqualTo(trained.id().display());
    assertThat(m.training().get("seed").asLong()).isEqualTo(7);
    try (NewsClassifier before = NewsClassifier.load(trained.directory(), 1, 32);
        NewsClassifier after = NewsClassifier.load(calibrated.directory(), 1, 32)) {
      for (String text : List.of("Hooli shares plunge after fraud probe", "Vandelay stock soars on record profit",
          "Acme names new chief executive")) {
        assertThat(after.classify(text).sentiment().label()).isEqualTo(before.classify(text).sentiment().label());
        assertThat(after.classify(text).topic().label()).isEqualTo(before.classify(text).topic().label());
      }
    }
    assertThatThrownBy(() -> Calibrator.calibrate(StoredModel.read(trained.directory()),
        new Trainer.Settings(data, out, null, 7, 32, 1, 0, "t-calibrated"), quiet, CLOCK))
        .hasMessageContaining("already exists");
  }
}
