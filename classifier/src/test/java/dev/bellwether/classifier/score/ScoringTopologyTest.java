package dev.bellwether.classifier.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.classifier.model.ModelSlot;
import dev.bellwether.classifier.model.ModelVersions;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.config.ClassifierConfig;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.event.Tick;
import dev.bellwether.kafka.Ticks;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scoring topology on the test driver with the bundled model: routing, keys, timestamps, meters. */
class ScoringTopologyTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final Instant PUBLISHED = Instant.parse("2026-11-29T11:58:30Z");
  private static NewsClassifier classifier;

  private SimpleMeterRegistry registry;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> raw;
  private TestOutputTopic<String, ScoredNewsItem> scored;
  private TestOutputTopic<String, DeadLetter> dead;

  @BeforeAll
  static void loadModel() {
    classifier = NewsClassifier.loadBundled(2, 128);
  }

  @AfterAll
  static void closeModel() {
    classifier.close();
  }

  @BeforeEach
  void startDriver() {
    registry = new SimpleMeterRegistry();
    openDriver(ScoringTopology.build(classifier, registry, Clock.fixed(NOW, ZoneOffset.UTC)), "scoring-test");
  }

  private void openDriver(Topology topology, String applicationId) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(topology, props);
    raw = driver.createInputTopic(Topics.RAW.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    scored = driver.createOutputTopic(Topics.SCORED.name(), Serdes.String().deserializer(),
        Topics.SCORED.valueSerde().deserializer());
    dead = driver.createOutputTopic(Topics.DEAD_LETTER.name(), Serdes.String().deserializer(),
        Topics.DEAD_LETTER.valueSerde().deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private static byte[] item(String id, String title, String summary) {
    RawNewsItem item = RawNewsItem.of(id, "test-feed", "https://example.com/" + id, title, summary,
        PUBLISHED, PUBLISHED.plusSeconds(20), List.of("ACME"));
    return Topics.RAW.valueSerde().codec().encode(item);
  }

  @Test
  void scoresValidItemKeepingKeyTimestampAndModelId() {
    raw.pipeInput("story-1", item("a1", "Acme Corp shares plunge after fraud probe", ""), PUBLISHED);

    TestRecord<String, ScoredNewsItem> out = scored.readRecord();
    assertThat(out.key()).isEqualTo("story-1");
    assertThat(out.timestamp()).isEqualTo(PUBLISHED.toEpochMilli());
    ScoredNewsItem value = out.value();
    assertThat(value.model()).isEqualTo(classifier.id());
    assertThat(value.item().id()).isEqualTo("a1");
    assertThat(value.sentiment().label()).isEqualTo(Sentiment.NEGATIVE);
    assertThat(value.topic().probabilities()).hasSize(20);
    assertThat(value.scoredAt()).isEqualTo(NOW);
    assertThat(dead.isEmpty()).isTrue();
    assertThat(registry.get("bellwether.classifier.items.scored").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("bellwether.classifier.scoring.latency").timer().count()).isEqualTo(1L);
  }

  @Test
  void scoresTheSummaryWhenTheTitleHasNoWords() {
    raw.pipeInput("story-4", item("a4", "https://t.co/AbC123", "Acme Corp shares plunge after fraud probe"), PUBLISHED);

    ScoredNewsItem value = scored.readValue();
    assertThat(value.flags()).doesNotContain("empty-text");
    assertThat(value.sentiment().label()).isEqualTo(Sentiment.NEGATIVE);
  }

  @Test
  void sendsInvalidJsonToDeadLetterWithReasonAndKeepsGoing() {
    raw.pipeInput("bad-1", "{not json".getBytes(StandardCharsets.UTF_8), PUBLISHED);
    raw.pipeInput("story-2", item("a2", "Central bank holds rates steady", ""), PUBLISHED.plusSeconds(5));

    DeadLetter letter = dead.readValue();
    assertThat(letter.stage()).isEqualTo("classifier");
    assertThat(letter.key()).isEqualTo("bad-1");
    assertThat(letter.sourceTopic()).isEqualTo(Topics.RAW.name());
    assertThat(letter.offset()).isEqualTo(0L);
    assertThat(letter.reason()).contains("unreadable RawNewsItem JSON");
    assertThat(letter.payload()).isEqualTo("{not json");
    assertThat(scored.readRecord().key()).isEqualTo("story-2");
    assertThat(registry.get("bellwether.deadletter.records").tag("stage", "classifier").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void sendsRecordWithoutIdToDeadLetterNamingTheField() {
    String noId = "{\"title\":\"Acme beats estimates\",\"published_at\":\"2026-11-29T11:00:00Z\"}";
    raw.pipeInput("story-3", noId.getBytes(StandardCharsets.UTF_8), PUBLISHED);

    DeadLetter letter = dead.readValue();
    assertThat(letter.reason()).contains("id is missing");
    assertThat(letter.payloadBytes()).isEqualTo(noId.length());
    assertThat(scored.isEmpty()).isTrue();
  }

  @Test
  void scoresMicroBatchesInArrivalOrderWhenFullOrAfterTheDelay() {
    driver.close();
    registry = new SimpleMeterRegistry();
    Topology batching =
        ScoringTopology.build(classifier, registry, Clock.fixed(NOW, ZoneOffset.UTC), 3, Duration.ofMillis(50));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-batch-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(batching, props);
    raw = driver.createInputTopic(Topics.RAW.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    scored = driver.createOutputTopic(Topics.SCORED.name(), Serdes.String().deserializer(),
        Topics.SCORED.valueSerde().deserializer());
    dead = driver.createOutputTopic(Topics.DEAD_LETTER.name(), Serdes.String().deserializer(),
        Topics.DEAD_LETTER.valueSerde().deserializer());

    raw.pipeInput("s1", item("b1", "Acme Corp shares plunge after fraud probe", ""), PUBLISHED);
    raw.pipeInput("s2", item("b2", "Globex raises dividend after record quarter", ""), PUBLISHED.plusSeconds(1));
    raw.pipeInput("bad", "{not json".getBytes(StandardCharsets.UTF_8), PUBLISHED.plusSeconds(2));
    assertThat(scored.isEmpty()).as("two readable records wait for a batch of three").isTrue();
    assertThat(dead.readValue().key()).as("unreadable records do not wait").isEqualTo("bad");

    raw.pipeInput("s3", item("b3", "Central bank holds rates steady", ""), PUBLISHED.plusSeconds(3));
    List<TestRecord<String, ScoredNewsItem>> full = scored.readRecordsToList();
    assertThat(full).extracting(TestRecord::key).containsExactly("s1", "s2", "s3");
    assertThat(full).extracting(TestRecord::timestamp)
        .containsExactly(PUBLISHED.toEpochMilli(), PUBLISHED.plusSeconds(1).toEpochMilli(),
            PUBLISHED.plusSeconds(3).toEpochMilli());
    assertThat(full.get(0).value().sentiment().label()).isEqualTo(Sentiment.NEGATIVE);

    raw.pipeInput("s4", item("b4", "Initech names new chief executive", ""), PUBLISHED.plusSeconds(4));
    assertThat(scored.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofMillis(15));
    assertThat(scored.isEmpty()).as("the first tick sees the partial batch").isTrue();
    driver.advanceWallClockTime(Duration.ofMillis(15));
    assertThat(scored.readRecord().key()).as("a partial batch goes once a tick finds no new record").isEqualTo("s4");
    assertThat(registry.get("bellwether.classifier.batch.size").summary().count()).isEqualTo(2L);
    assertThat(registry.get("bellwether.classifier.batch.size").summary().max()).isEqualTo(3.0);
  }

  private void restartDriver(Topology topology) {
    driver.close();
    openDriver(topology, "scoring-test-2");
  }

  @Test
  void sendsABatchThatKeepsGrowingOnceItHasWaitedTheDelay() {
    registry = new SimpleMeterRegistry();
    restartDriver(ScoringTopology.build(classifier, registry, Clock.fixed(NOW, ZoneOffset.UTC), 10, Duration.ofMillis(40)));

    for (int i = 0; i < 4; i++) {
      raw.pipeInput("g" + i, item("g" + i, "Acme Corp shares plunge after fraud probe", ""), PUBLISHED);
      driver.advanceWallClockTime(Duration.ofMillis(10));
    }
    assertThat(scored.isEmpty()).as("a batch that grew at every tick keeps waiting").isTrue();
    raw.pipeInput("g4", item("g4", "Acme Corp shares plunge after fraud probe", ""), PUBLISHED);
    driver.advanceWallClockTime(Duration.ofMillis(10));

    assertThat(scored.readRecordsToList()).extracting(TestRecord::key).containsExactly("g0", "g1", "g2", "g3", "g4");
  }

  @Test
  void scoresHeadlinesOnlyByDefault() {
    String body = "Acme Corp said regulators had opened a fraud probe into its accounting. ".repeat(40);
    raw.pipeInput("long", item("l0", "Acme Corp shares plunge after fraud probe", body), PUBLISHED);

    assertThat(scored.readValue().chunks()).isEqualTo(1);
  }

  /** Restarts the driver on settings that score bodies too (headline weighted 0.5), one item a batch. */
  private void scoreBodies() {
    restartDriver(ScoringTopology.build(ModelSlot.of(classifier),
        new ClassifierConfig("", 1, 128, 1, Duration.ofMillis(20), Duration.ZERO, 16, 0.5),
        registry, Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  @Test
  void scoresALongBodyAsSentencePiecesWithTheHeadline() {
    scoreBodies();
    String body = "Acme Corp said regulators had opened a fraud probe into its accounting. "
        .repeat(40);
    raw.pipeInput("long", item("l1", "Acme Corp shares plunge after fraud probe", body), PUBLISHED);
    raw.pipeInput("short", item("l2", "Acme Corp shares plunge after fraud probe", ""), PUBLISHED);

    ScoredNewsItem longItem = scored.readValue();
    ScoredNewsItem shortItem = scored.readValue();
    assertThat(longItem.chunks()).isBetween(3, 16);
    assertThat(longItem.flags()).doesNotContain("truncated");
    assertThat(longItem.sentiment().label()).isEqualTo(Sentiment.NEGATIVE);
    assertThat(shortItem.chunks()).isEqualTo(1);
    assertThat(registry.get("bellwether.classifier.item.chunks").summary().max()).isEqualTo(longItem.chunks());
  }

  @Test
  void scoresAMegabyteBodyInBoundedPiecesAndSaysItWasCut() {
    // Just under what a scored record may carry with the producer's default max.request.size (1 MiB);
    // a larger item is dead-lettered (see AdmissionTest).
    String huge = "Acme shares slide as losses mount and lenders circle. ".repeat(18_000);
    assertThat(huge.length()).isGreaterThan(950_000);
    scoreBodies();

    raw.pipeInput("huge", item("h1", "Acme shares slide", huge), PUBLISHED);

    ScoredNewsItem value = scored.readValue();
    assertThat(value.chunks()).isEqualTo(16);
    assertThat(value.flags()).contains("truncated");
    assertThat(dead.isEmpty()).isTrue();
  }

  @Test
  void scoresEachBatchOnTheModelCurrentWhenItStartsAndNamesIt(@TempDir Path dir) throws IOException {
    NewsClassifier v2 = NewsClassifier.load(ModelVersions.write(dir, "v2", "v2", null), 1, 128);
    ModelSlot slot = ModelSlot.of(NewsClassifier.loadBundled(1, 128));
    try (slot) {
      restartDriver(ScoringTopology.build(slot, new ClassifierConfig("", 1, 128, 1, Duration.ofMillis(20)),
          new SimpleMeterRegistry(), Clock.fixed(NOW, ZoneOffset.UTC)));
      raw.pipeInput("before", item("m1", "Acme beats estimates", ""), PUBLISHED);
      slot.swap(v2);
      raw.pipeInput("after", item("m2", "Acme beats estimates", ""), PUBLISHED);

      assertThat(scored.readValue().model()).isEqualTo(classifier.id());
      assertThat(scored.readValue().model()).isEqualTo(v2.id()).isNotEqualTo(classifier.id());
    }
    assertThat(v2.isClosed()).isTrue();
  }

  @Test
  void passesATickOnAfterTheItemsReadBeforeItNeverAhead() {
    driver.close();
    registry = new SimpleMeterRegistry();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-tick-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(
        ScoringTopology.build(classifier, registry, Clock.fixed(NOW, ZoneOffset.UTC), 3, Duration.ofMillis(50)), props);
    raw = driver.createInputTopic(Topics.RAW.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    TestOutputTopic<String, byte[]> out = driver.createOutputTopic(Topics.SCORED.name(), Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer());

    Instant at = Instant.parse("1991-02-03T04:05:06Z");
    raw.pipeInput(new TestRecord<>(Ticks.KEY, Ticks.encode(Tick.at("live", at, 0)), Ticks.headers(), NOW));
    TestRecord<String, byte[]> alone = out.readRecord();
    assertThat(Ticks.isTick(alone.headers())).as("a tick with nothing waiting passes at once").isTrue();

    raw.pipeInput("s1", item("t1", "Acme Corp shares plunge after fraud probe", ""), PUBLISHED);
    raw.pipeInput(new TestRecord<>(Ticks.KEY, Ticks.encode(Tick.at("live", PUBLISHED, 0)), Ticks.headers(), NOW));
    raw.pipeInput(new TestRecord<>(Ticks.KEY, Ticks.encode(Tick.end("import-x", at, 0)), Ticks.headers(), NOW));
    assertThat(out.isEmpty()).as("ticks wait behind the item that waits for its batch").isTrue();
    driver.advanceWallClockTime(Duration.ofMillis(15));
    driver.advanceWallClockTime(Duration.ofMillis(15));
    List<TestRecord<String, byte[]>> flushed = out.readRecordsToList();
    assertThat(flushed).extracting(TestRecord::key).containsExactly("s1", Ticks.KEY, Ticks.KEY);
    assertThat(Ticks.isTick(flushed.get(0).headers())).isFalse();
    assertThat(flushed.subList(1, 3)).allSatisfy(r -> assertThat(Ticks.isTick(r.headers())).isTrue());
    assertThat(flushed.subList(1, 3)).extracting(r -> dev.bellwether.kafka.Decoded.of(Ticks.codec(), r.value()).value())
        .containsExactly(Tick.at("live", PUBLISHED, 0), Tick.end("import-x", at, 0));
  }

  @Test
  void describesTheSameTopologyAsTheSnapshot() throws IOException {
    String expected;
    try (InputStream in = getClass().getResourceAsStream("/scoring-topology.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // To accept a deliberate change, copy target/scoring-topology.actual.txt to
    // src/test/resources/scoring-topology.txt.
    String actual = ScoringTopology.build(classifier, new SimpleMeterRegistry(), Clock.systemUTC())
        .describe().toString();
    java.nio.file.Files.writeString(Path.of("target", "scoring-topology.actual.txt"), actual, StandardCharsets.UTF_8);
    assertThat(actual.strip()).isEqualTo(expected.strip());
  }
}
