package dev.bellwether.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.IngestMetrics;
import dev.bellwether.kafka.InvalidRecordException;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import dev.bellwether.testing.CommittedReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing a JSON-lines file into a real in-JVM broker. */
class FileImporterIT {

  @TempDir static Path dataDir;
  @TempDir Path dir;
  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(dataDir, 0);
    TopicAdmin.ensureTopics(Map.of("bootstrap.servers", broker.bootstrapServers()),
        List.of(Topics.RAW, Topics.DEAD_LETTER), 3, (short) 1, Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void writesItemsWithTheirPublicationTimeLinksCopiesAndDeadLettersBadLines() throws Exception {
    String lead = "Corvex Semiconductor (NASDAQ: CRVX) lowered its fourth-quarter revenue forecast on Tuesday, saying "
        + "customers in the personal computer market were working through excess inventory and delaying orders.";
    Path file = dir.resolve("news.jsonl");
    Files.write(file, List.of(
        json("https://wire.example/corvex", "Corvex Semiconductor cuts Q4 revenue forecast on weak PC demand", lead,
            "2026-11-03T14:05:00Z"),
        "{\"title\": \"broken",
        json("https://wire.example/halvorsen", "Halvorsen Bank CEO to retire next year",
            "Halvorsen Bank said its chief executive will retire next June.", "2026-11-03T09:00:00Z"),
        json("https://portal.example/corvex-outlook?utm_source=rss", "Corvex Semiconductor slashes Q4 revenue outlook as PC demand weakens",
            lead, "2026-11-03T14:20:00Z"),
        json("https://wire.example/corvex?utm_medium=feed", "Corvex Semiconductor cuts Q4 revenue forecast on weak PC demand",
            lead, "2026-11-03T14:30:00Z"),
        "{\"title\": \"No time at all\"}"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FileImporter importer = new FileImporter(Map.of("bootstrap.servers", broker.bootstrapServers()), registry,
        Clock.systemUTC(), null);

    ImportSummary summary = importer.importFile(file, "archive");

    assertThat(summary.read()).isEqualTo(6);
    assertThat(summary.sent()).isEqualTo(3);
    assertThat(summary.nearDuplicates()).isEqualTo(1);
    assertThat(summary.duplicates()).isEqualTo(1);
    assertThat(summary.bad()).isEqualTo(2);
    assertThat(summary.failed()).isZero();
    assertThat(summary.badLines()).extracting(BadLine::line).containsExactly(2L, 6L);
    assertThat(summary.badLines().get(1).reason()).isEqualTo("published_at is missing");
    assertThat(registry.get(IngestMetrics.ITEMS).tag("outcome", "near_duplicate").counter().count()).isEqualTo(1);
    assertThat(registry.get(IngestMetrics.DEAD_LETTERS).tag("stage", "ingest").counter().count()).isEqualTo(2);

    List<ConsumerRecord<String, byte[]>> raw = readToEnd(Topics.RAW.name()).stream()
        .filter(r -> raw(r).source().equals("archive"))
        .toList();
    assertThat(raw).hasSize(3);
    Map<String, RawNewsItem> byUrl = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : raw) {
      RawNewsItem item = Topics.RAW.valueSerde().codec().decode(record.value());
      byUrl.put(item.url(), item);
      // The broker stamps records when it appends them; publication time is in the payload.
      assertThat(record.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
      assertThat(record.key()).isEqualTo(item.storyId());
      assertThat(item.source()).isEqualTo("archive");
    }
    RawNewsItem first = byUrl.get("https://wire.example/corvex");
    RawNewsItem copy = byUrl.get("https://portal.example/corvex-outlook");
    assertThat(first.novel()).isTrue();
    assertThat(first.publishedAt()).isEqualTo(Instant.parse("2026-11-03T14:05:00Z"));
    assertThat(first.entities()).containsExactly("CRVX");
    assertThat(copy.novel()).isFalse();
    assertThat(copy.storyId()).isEqualTo(first.id());
    assertThat(byUrl.get("https://wire.example/halvorsen").novel()).isTrue();

    List<ConsumerRecord<String, byte[]>> dead = readToEnd(Topics.DEAD_LETTER.name()).stream()
        .filter(r -> r.key().startsWith("news.jsonl:"))
        .toList();
    assertThat(dead).hasSize(2);
    List<String> reasons = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : dead) {
      DeadLetter letter = Topics.DEAD_LETTER.valueSerde().codec().decode(record.value());
      assertThat(letter.stage()).isEqualTo("ingest");
      reasons.add(letter.reason());
    }
    assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("line 2: not JSON"))
        .anySatisfy(r -> assertThat(r).isEqualTo("line 6: published_at is missing"));
  }

  @Test
  void tagsCompanyNamesAsLiveIngestDoesAndDeadLettersBinaryLinesWithTheirBytes() throws Exception {
    Path file = dir.resolve("binary.jsonl");
    byte[] binary = {'{', (byte) 0x80, (byte) 0xFE, 0x00, 'x', (byte) 0xC3};
    try (var out = Files.newOutputStream(file)) {
      out.write(("{\"url\":\"https://wire.example/apple\",\"title\":\"Apple Inc shares fall as iPhone sales slow\","
          + "\"published_at\":\"2026-11-05T09:00:00Z\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.write(binary);
      out.write('\n');
    }
    ImportSummary summary = new FileImporter(Map.of("bootstrap.servers", broker.bootstrapServers()),
        new SimpleMeterRegistry(), Clock.systemUTC(), null).importFile(file, "binary");

    assertThat(summary.sent()).isEqualTo(1);
    assertThat(summary.badLines()).extracting(BadLine::line).containsExactly(2L);
    assertThat(readToEnd(Topics.RAW.name()).stream().map(FileImporterIT::raw)
        .filter(item -> item.url().equals("https://wire.example/apple")))
        .singleElement().satisfies(item -> assertThat(item.entities()).containsExactly("AAPL"));
    List<DeadLetter> dead = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : readToEnd(Topics.DEAD_LETTER.name())) {
      if (r.key().equals("binary.jsonl:2")) {
        dead.add(Topics.DEAD_LETTER.valueSerde().codec().decode(r.value()));
      }
    }
    assertThat(dead).singleElement().satisfies(letter -> {
      assertThat(letter.payloadEncoding()).isEqualTo(DeadLetter.BASE64);
      assertThat(letter.payloadAsBytes()).isEqualTo(binary);
      assertThat(letter.payloadBytes()).isEqualTo(binary.length);
      assertThat(letter.reason()).startsWith("line 2: not UTF-8 text");
    });
  }

  @Test
  void importingTheSameFileTwiceSendsEachItemOnce() throws Exception {
    Path file = dir.resolve("replay.jsonl");
    Files.write(file, List.of(
        json("https://replay.example/tellmira", "Tellmira Foods recalls 40,000 jars of peanut butter",
            "Tellmira Foods said on Friday it is recalling 40,000 jars after a supplier reported contamination.",
            "2026-11-04T10:00:00Z"),
        json("https://replay.example/ashgrove", "Ashgrove Motors names new chief financial officer",
            "Ashgrove Motors appointed its treasurer as finance chief after an eight-month search.",
            "2026-11-04T11:00:00Z")));
    Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());

    ImportSummary first = new FileImporter(client, new SimpleMeterRegistry(), Clock.systemUTC(), null).importFile(file,
        "replay");
    // A second run is a new process: it knows only what news.raw holds.
    ImportSummary again = new FileImporter(client, new SimpleMeterRegistry(), Clock.systemUTC(), null).importFile(file,
        "replay");

    assertThat(first.sent()).isEqualTo(2);
    assertThat(again.sent()).isZero();
    assertThat(again.duplicates()).isEqualTo(2);
    assertThat(readToEnd(Topics.RAW.name()).stream()
        .map(FileImporterIT::raw)
        .filter(item -> item.source().equals("replay")))
        .extracting(RawNewsItem::url)
        .containsExactlyInAnyOrder("https://replay.example/tellmira", "https://replay.example/ashgrove");
  }

  private static String json(String url, String title, String summary, String published) {
    return "{\"url\":\"" + url + "\",\"title\":\"" + title + "\",\"summary\":\"" + summary + "\",\"published_at\":\""
        + published + "\"}";
  }

  private static RawNewsItem raw(ConsumerRecord<String, byte[]> record) {
    try {
      return Topics.RAW.valueSerde().codec().decode(record.value());
    } catch (InvalidRecordException e) {
      throw new AssertionError("news.raw holds a record that does not decode", e);
    }
  }

  /** Every record of {@code topic} up to its end offsets now (imports block until their records are written). */
  private static List<ConsumerRecord<String, byte[]>> readToEnd(String topic) {
    return CommittedReader.readToEnd(broker.bootstrapServers(), topic);
  }
}
