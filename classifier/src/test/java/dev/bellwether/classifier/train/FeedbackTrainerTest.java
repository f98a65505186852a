package dev.bellwether.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.classifier.model.ContentHash;
import dev.bellwether.classifier.model.ModelManifest;
import dev.bellwether.classifier.model.ModelSlot;
import dev.bellwether.classifier.model.ModelWatcher;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.StoredModel;
import dev.bellwether.classifier.model.TextEncoder;
import dev.bellwether.classifier.score.ScoringTopology;
import dev.bellwether.config.ClassifierConfig;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.kafka.Json;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning from analysts' corrections, end to end: corrections of a family of headlines a model
 * gets wrong make a retrained candidate that gets the family right, the promotion rule promotes
 * it, and a running scoring topology switches to it without a restart.
 *
 * <p>The family: headlines reporting a <em>narrowing</em> loss ("Acme narrows quarterly loss to
 * $12 million"). Probing the frozen-encoder model (2026-11-29.1, bundled as {@code frozen}) with
 * eight companies on such templates gave negative for 39 of 40 headlines, while an analyst reads
 * a shrinking loss as good news: the model keys on the word "loss". Corrections say positive for 96 items (24 companies, four
 * templates; 30 of them held out by item id hash); the "similar" set uses four other wordings
 * and eight other companies, and is never trained on.
 *
 * <p>Measured (2026-11-30): held-out corrections 0/30 right before, 30/30 after; similar
 * headlines read positive 0/32 before, 24/32 after ("net loss shrinks" 7/8, "smaller quarterly
 * loss" 8/8, "trims annual loss" 8/8, "cuts losses in third quarter" 1/8: that wording stays
 * wrong); base validation unchanged (30/30).
 *
 * <p>Settings: 20 epochs at step size 2e-3 because the base set here has 90 texts; with the real
 * base data (about 17,000 sentiment texts) the command's defaults take far more steps per epoch.
 *
 * <p>Base data: no public data set is read (tests must not depend on a data folder); the base
 * set is a small hand-written one in the data root's layout, and training continues from the
 * bundled model's heads, which already fit the real base data. It holds "loss widens" headlines
 * labelled negative, so the candidate cannot pass by calling every loss positive.
 */
class FeedbackTrainerTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
  private static final Function<Path, NewsClassifier> LOADER = dir -> NewsClassifier.load(dir, 1, 128);

  private static final String[] FAMILY = {"%s narrows quarterly loss to $%d million", "%s loss narrows as costs fall",
      "%s reports narrower net loss", "%s quarterly loss shrinks on cost cuts"};
  private static final String[] SIMILAR = {"%s net loss shrinks as revenue climbs", "%s posts smaller quarterly loss",
      "%s trims annual loss to $%d million", "%s cuts losses in third quarter"};
  private static final String[] FAMILY_COMPANIES = {"Acme Corp", "Globex", "Initech", "Umbrella Holdings",
      "Stark Industries", "Wayne Enterprises", "Hooli", "Vandelay Industries", "Cyberdyne Systems", "Soylent Foods",
      "Tyrell Corp", "Wonka Industries", "Oscorp", "Massive Dynamic", "Aperture Labs", "Gringotts Bank",
      "Monarch Airlines", "Nakatomi Trading", "Pied Piper", "Dunder Mifflin", "Sterling Cooper", "Prestige Worldwide",
      "Bluth Company", "Gekko Partners"};
  private static final String[] SIMILAR_COMPANIES = {"Northwind Traders", "Contoso", "Fabrikam", "Tailspin Toys",
      "Litware", "Adventure Works", "Proseware", "Woodgrove Bank"};
  private static final String[] BASE_COMPANIES = {"Kestrel Mining", "Orion Foods", "Helix Pharma", "Atlas Motors",
      "Beacon Retail", "Summit Telecom", "Cobalt Energy", "Ridge Logistics", "Harbor Insurance"};

  @TempDir Path data;
  @TempDir Path models;

  @Test
  void correctionsOfAWronglyScoredFamilyArePromotedAndTheRunningTopologySwitchesToThem() throws IOException {
    writeBaseData();
    StoredModel bundled = StoredModel.readFrozen();
    Path v0 = models.resolve(bundled.manifest().version());
    Files.createDirectories(v0);
    Files.write(v0.resolve(ModelManifest.FILE), bundled.manifest().toJson());
    Files.write(v0.resolve(bundled.manifest().heads().file()), bundled.heads());
    FeedbackTrainer.pointCurrent(models, v0.getFileName().toString());
    Path current = models.resolve(FeedbackTrainer.CURRENT);
    Path corrections = writeCorrections();
    List<String> similar = similarHeadlines();

    try (ModelSlot slot = ModelSlot.of(LOADER.apply(current));
        ModelWatcher watcher = ModelWatcher.of(slot, current, LOADER, new SimpleMeterRegistry())
            .startPolling(Duration.ofMillis(100));
        TopologyTestDriver driver = driver(slot)) {
      ModelId before = slot.currentId();
      double similarBefore = positiveShare(slot, similar);

      FeedbackTrainer.Outcome o = FeedbackTrainer.train(settings(corrections), FeedbackCorrection.readJsonl(corrections),
          quiet(), CLOCK);
      System.out.println(o.comparison().table());

      assertThat(o.comparison().promoted()).as(o.comparison().table()).isTrue();
      assertThat(o.directory()).isEqualTo(models.resolve("2026-11-30.1"));
      assertThat(current.toRealPath()).isEqualTo(o.directory().toRealPath());
      Comparison.Row heldOut = row(o.comparison(), "sentiment", Comparison.FEEDBACK);
      assertThat(heldOut.candidate().total()).isGreaterThanOrEqualTo(5);
      assertThat(heldOut.current().accuracy()).isLessThan(0.5);
      assertThat(heldOut.candidate().accuracy()).isGreaterThan(heldOut.current().accuracy()).isGreaterThanOrEqualTo(0.8);
      Comparison.Row base = row(o.comparison(), "sentiment", Comparison.BASE);
      assertThat(base.candidate().accuracy()).isGreaterThanOrEqualTo(base.current().accuracy() - 0.005);

      JsonNode feedback = Json.mapper().readTree(Files.readAllBytes(o.directory().resolve(ModelManifest.FILE)))
          .path("training").path("feedback");
      assertThat(feedback.path("items").asInt()).isEqualTo(FAMILY_COMPANIES.length * FAMILY.length);
      assertThat(feedback.path("records").asInt()).isEqualTo(FAMILY_COMPANIES.length * FAMILY.length + 1);
      assertThat(feedback.path("sentiment").path("train").asInt()).isGreaterThanOrEqualTo(30);
      assertThat(feedback.path("weight").asInt()).isEqualTo(5);
      assertThat(o.directory().resolve(Comparison.TEXT_FILE)).content().contains("decision: PROMOTED");
      JsonNode calibration = Json.mapper().readTree(Files.readAllBytes(o.directory().resolve(ModelManifest.FILE)))
          .path("training").path("calibration");
      assertThat(calibration.path("sentiment").path("temperature").asDouble()).isPositive();
      assertThat(calibration.path("topic").path("dev").path("after").path("nll").asDouble())
          .isLessThanOrEqualTo(calibration.path("topic").path("dev").path("before").path("nll").asDouble());

      await().atMost(Duration.ofSeconds(60)).until(() -> o.id().equals(slot.currentId()));
      assertThat(slot.currentId()).isNotEqualTo(before);
      assertThat(watcher.lastOutcome()).isIn(ModelWatcher.Outcome.SWAPPED, ModelWatcher.Outcome.UNCHANGED);
      double similarAfter = positiveShare(slot, similar);
      for (int t = 0; t < SIMILAR.length; t++) {
        List<String> wording = new ArrayList<>();
        for (int i = t; i < similar.size(); i += SIMILAR.length) {
          wording.add(similar.get(i));
        }
        System.out.printf("  '%s' read positive: %.3f%n", SIMILAR[t], positiveShare(slot, wording));
      }
      System.out.printf("similar held-out headlines read positive: before %.3f, after %.3f (%d texts)%n",
          similarBefore, similarAfter, similar.size());
      assertThat(similarBefore).isLessThan(0.5);
      assertThat(similarAfter).isGreaterThanOrEqualTo(0.7);

      TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.RAW.name(), Serdes.String().serializer(),
          Serdes.ByteArray().serializer());
      TestOutputTopic<String, ScoredNewsItem> scored = driver.createOutputTopic(Topics.SCORED.name(),
          Serdes.String().deserializer(), Topics.SCORED.valueSerde().deserializer());
      Instant at = CLOCK.instant();
      raw.pipeInput("s1", Topics.RAW.valueSerde().codec().encode(RawNewsItem.of("after-1", "wire",
          "https://example.com/a1", String.format(SIMILAR[0], "Zenith Airways"), "", at, at, List.of())), at);
      ScoredNewsItem after = scored.readValue();
      assertThat(after.model()).isEqualTo(o.id());
      assertThat(after.model().version()).isEqualTo("2026-11-30.1");
      assertThat(after.sentiment().label()).isEqualTo(Sentiment.POSITIVE);
    }
  }

  @Test
  void aCurrentModelWithItsOwnEncoderKeepsItAndItsHeadsLearnTheCorrections() throws IOException {
    writeBaseData();
    // A version carrying its own encoder file, as a fine-tuned one does (here: the shipped int8 bytes).
    StoredModel bundled = StoredModel.readFrozen();
    byte[] encoder;
    try (var in = TextEncoder.class.getResourceAsStream(TextEncoder.RESOURCE)) {
      encoder = in.readAllBytes();
    }
    ModelManifest.Encoder e = bundled.manifest().encoder();
    ModelManifest own = new ModelManifest("bge-small-en-v1.5-ft+heads", "2026-11-29.ft", bundled.manifest().created(),
        new ModelManifest.Encoder(e.artifact(), null, e.tokenizer(), ContentHash.of(encoder), e.output(), e.pooling(),
            e.maxTokens(), "encoder.onnx"),
        bundled.manifest().heads(), bundled.manifest().labels(), bundled.manifest().training());
    Path v0 = models.resolve(own.version());
    Files.createDirectories(v0);
    Files.write(v0.resolve(ModelManifest.FILE), own.toJson());
    Files.write(v0.resolve(own.heads().file()), bundled.heads());
    Files.write(v0.resolve("encoder.onnx"), encoder);
    FeedbackTrainer.pointCurrent(models, own.version());
    Path corrections = writeCorrections();

    FeedbackTrainer.Outcome o = FeedbackTrainer.train(settings(corrections), FeedbackCorrection.readJsonl(corrections),
        quiet(), CLOCK);

    assertThat(o.comparison().promoted()).as(o.comparison().table()).isTrue();
    Comparison.Row heldOut = row(o.comparison(), "sentiment", Comparison.FEEDBACK);
    assertThat(heldOut.candidate().accuracy()).isGreaterThan(heldOut.current().accuracy());
    StoredModel written = StoredModel.read(o.directory());
    assertThat(written.encoder()).isEqualTo(encoder);
    assertThat(written.manifest().encoder()).isEqualTo(own.encoder());
    assertThat(written.manifest().name()).isEqualTo(own.name());
    assertThat(written.heads()).isNotEqualTo(bundled.heads());
    try (NewsClassifier loaded = LOADER.apply(o.directory())) {
      assertThat(loaded.id().version()).isEqualTo("2026-11-30.1");
    }
  }

  @Test
  void correctionsThatContradictTheBaseDataStayACandidateWithTheReason() throws IOException {
    writeBaseData();
    // A mistaken batch: widening losses marked positive; base validation says otherwise.
    List<String> lines = new ArrayList<>();
    ModelId model = StoredModel.read(null).manifest().modelId();
    Instant at = Instant.parse("2026-11-30T08:00:00Z");
    for (int i = 0; i < FAMILY_COMPANIES.length; i++) {
      for (String template : new String[] {"%s loss widens as sales slump", "%s swings to quarterly loss"}) {
        String id = "wrong-" + i + "-" + template.length();
        lines.add(label(id, id, String.format(template, FAMILY_COMPANIES[i]), model, Sentiment.POSITIVE, at));
      }
    }
    Path file = data.resolve("wrong.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);

    FeedbackTrainer.Outcome o = FeedbackTrainer.train(settings(file), FeedbackCorrection.readJsonl(file), quiet(), CLOCK);

    assertThat(o.comparison().promoted()).as(o.comparison().table()).isFalse();
    assertThat(o.directory()).isEqualTo(models.resolve(FeedbackTrainer.CANDIDATES).resolve("2026-11-30.1"));
    assertThat(o.comparison().reasons()).anySatisfy(r -> assertThat(r).startsWith("sentiment " + Comparison.BASE));
    assertThat(models.resolve(FeedbackTrainer.CURRENT)).doesNotExist();
    assertThat(models.resolve("2026-11-30.1")).doesNotExist();
    assertThat(o.directory().resolve(Comparison.JSON_FILE)).content().contains("\"promoted\" : false");
  }

  @Test
  void aLaterCorrectionOfTheSameItemWins() {
    Instant t = Instant.parse("2026-11-30T09:00:00Z");
    List<FeedbackCorrection> latest = FeedbackCorrection.latest(List.of(
        new FeedbackCorrection("a", "Acme narrows loss", null, Sentiment.NEGATIVE, t, 0, 1),
        new FeedbackCorrection("b", "Globex narrows loss", null, Sentiment.POSITIVE, t, 0, 2),
        new FeedbackCorrection("a", "Acme narrows loss", null, Sentiment.POSITIVE, t.plusSeconds(5), 0, 3)));
    assertThat(latest).extracting(FeedbackCorrection::itemId, FeedbackCorrection::sentiment)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", Sentiment.POSITIVE),
            org.assertj.core.groups.Tuple.tuple("b", Sentiment.POSITIVE));
  }

  private FeedbackTrainer.Settings settings(Path corrections) {
    return new FeedbackTrainer.Settings(new Trainer.Settings(data, models, null, 42, 128, 1, 0, null),
        5, 0.005, 25, 20, 2e-3, corrections.toString(), true);
  }

  private static Comparison.Row row(Comparison c, String task, String set) {
    return c.rows().stream().filter(r -> r.task().equals(task) && r.set().equals(set)).findFirst().orElseThrow();
  }

  private static double positiveShare(ModelSlot slot, List<String> texts) {
    try (ModelSlot.Lease lease = slot.acquire()) {
      return texts.stream().map(lease.classifier()::classify)
          .filter(c -> c.sentiment().label() == Sentiment.POSITIVE).count() / (double) texts.size();
    }
  }

  private static List<String> similarHeadlines() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < SIMILAR_COMPANIES.length; i++) {
      for (String t : SIMILAR) {
        out.add(String.format(t, SIMILAR_COMPANIES[i], 5 + 3 * i));
      }
    }
    return out;
  }

  private TopologyTestDriver driver(ModelSlot slot) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "feedback-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return new TopologyTestDriver(ScoringTopology.build(slot, new ClassifierConfig("", 1, 128, 1, Duration.ofMillis(20)),
        new SimpleMeterRegistry(), CLOCK), props);
  }

  /** The corrections as an analyst's console writes them: every family item corrected to positive. */
  private Path writeCorrections() throws IOException {
    List<String> lines = new ArrayList<>();
    ModelId model = StoredModel.read(null).manifest().modelId();
    Instant at = Instant.parse("2026-11-30T08:00:00Z");
    int n = 0;
    for (String company : FAMILY_COMPANIES) {
      for (String template : FAMILY) {
        n++;
        String text = String.format(template, company, 3 + n);
        String id = "item-" + n;
        if (n == 1) {
          // An analyst's first, mistaken click, corrected a minute later: the later record wins.
          lines.add(label("fb-0", id, text, model, Sentiment.NEUTRAL, at));
        }
        lines.add(label("fb-" + n, id, text, model, Sentiment.POSITIVE, at.plusSeconds(60 + n)));
      }
    }
    Path file = data.resolve("feedback.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static String label(String id, String itemId, String text, ModelId model, Sentiment to, Instant at)
      throws IOException {
    Feedback f = new Feedback(1, id, Feedback.Kind.LABEL, "alice", at,
        new Feedback.Item(itemId, itemId, text, "", "", "wire", at, List.of()),
        new Feedback.Prediction(model, "Financials", 0.8, Sentiment.NEGATIVE, -0.9),
        new Feedback.Correction(null, to), null, null, "");
    return Json.mapper().writeValueAsString(f);
  }

  /** A small base set in the layout of the data root; its labels are what a reader would say. */
  private void writeBaseData() throws IOException {
    String[][] sentiment = {
        {"%s loss widens as sales slump", "0"}, {"%s swings to quarterly loss", "0"},
        {"%s shares plunge after fraud probe", "0"}, {"%s cuts dividend after profit falls", "0"},
        {"%s profit jumps 40%% on strong demand", "1"}, {"%s raises full-year outlook", "1"},
        {"%s stock soars on record revenue", "1"}, {"%s to hold annual meeting on Tuesday", "2"},
        {"%s schedules earnings call for May 5", "2"}, {"%s names new chief financial officer", "2"}};
    List<String> sentTrain = new ArrayList<>(List.of("text,label"));
    List<String> sentValid = new ArrayList<>(List.of("text,label"));
    for (int i = 0; i < BASE_COMPANIES.length; i++) {
      for (String[] row : sentiment) {
        (i < 6 ? sentTrain : sentValid).add("\"" + String.format(row[0], BASE_COMPANIES[i]) + "\"," + row[1]);
      }
    }
    String[][] topic = {{"%s quarterly earnings beat estimates", "Earnings"}, {"%s names new chief executive",
        "Personnel Change"}, {"%s agrees to buy rival in $2 billion deal", "M&A | Investments"},
        {"%s raises quarterly dividend", "Dividend"}};
    List<String> topicTrain = new ArrayList<>(List.of("text,label"));
    List<String> topicValid = new ArrayList<>(List.of("text,label"));
    for (int i = 0; i < BASE_COMPANIES.length; i++) {
      for (String[] row : topic) {
        (i < 6 ? topicTrain : topicValid).add("\"" + String.format(row[0], BASE_COMPANIES[i]) + "\",\"" + row[1] + "\"");
      }
    }
    write("twitter-financial-news-sentiment/sent_train.csv", sentTrain);
    write("twitter-financial-news-sentiment/sent_valid.csv", sentValid);
    write("twitter-financial-news-topic/topic_train.csv", topicTrain);
    write("twitter-financial-news-topic/topic_valid.csv", topicValid);
    write("twitter-financial-news-topic/classes.txt", StoredModel.read(null).manifest().labels().topic());
    write("sentfin-1.0/SEntFiN.csv", List.of("S No.,Title,Decisions,Words",
        "1,Tata Motors profit falls 20%,{'Tata Motors': 'negative'},5"));
  }

  private void write(String name, List<String> lines) throws IOException {
    Path file = data.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
