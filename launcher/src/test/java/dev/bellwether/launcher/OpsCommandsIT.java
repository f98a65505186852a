package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import dev.bellwether.kafka.Json;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import dev.bellwether.ops.replay.ReplaySummary;
import dev.bellwether.ops.topics.TimeOrderedRead;
import dev.bellwether.ops.topics.TimeRange;
import dev.bellwether.ops.topics.TopicRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reset}, {@code export}, {@code import} and {@code replay alerts}'s reading against one real broker in this JVM. Each test
 * uses its own topics and application-id prefix, so they share the broker without seeing each other.
 */
class OpsCommandsIT {

  private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

  @TempDir static Path dir;
  private static EmbeddedKafkaBroker broker;
  private static Map<String, Object> client;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
    client = Map.of("bootstrap.servers", broker.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void resetMovesAStoppedStreamsAppToTheFirstOffsetAtTheTimeAndDeletesOnlyItsInternalTopics() throws Exception {
    Path config = config("reset-it");
    String group = "reset-it-alerts";
    createTopics(Topics.SCORED.name(), 2);
    // Minute i of each partition, with one record out of time order in partition 1.
    long[][] minutes = {{0, 1, 2, 3, 4, 5, 6, 7}, {0, 1, 9, 2, 3, 6, 7, 8}};
    for (int p = 0; p < minutes.length; p++) {
      for (long m : minutes[p]) {
        send(new ProducerRecord<>(Topics.SCORED.name(), p, T0.plusSeconds(60 * m).toEpochMilli(),
            ("k" + m).getBytes(StandardCharsets.UTF_8), ("v" + m).getBytes(StandardCharsets.UTF_8)));
      }
    }
    createTopics("reset-it-classifier-other-changelog", 1);

    KafkaStreams app = countingApp(group, Topics.SCORED.name());
    try {
      app.start();
      await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(committed(group, Topics.SCORED.name()))
          .as("offsets committed by %s (state %s)", group, app.state())
          .isEqualTo(Map.of(new TopicPartition(Topics.SCORED.name(), 0), 8L, new TopicPartition(Topics.SCORED.name(), 1), 8L)));
      CommandRun refused = CommandRun.of("reset", "--application", "alerts", "--to-datetime", T0.plusSeconds(270).toString(),
          "--config", config.toString());
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).contains("consumer group " + group + " has 1 active member(s)")
          .contains("stop every instance running alerts");
    } finally {
      app.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(20)));
    }
    Set<String> internal = Set.of(group + "-by-value-repartition", group + "-counts-changelog");
    assertThat(topics()).containsAll(internal);
    await().atMost(Duration.ofSeconds(30)).until(() -> CommandRun.of("reset", "--application", "alerts", "--to-datetime",
        T0.toString(), "--dry-run", "--config", config.toString()).code() == 0);

    String at = T0.plusSeconds(270).toString();
    Map<TopicPartition, Long> before = committed(group);
    Set<String> topicsBefore = topics();
    CommandRun dry = CommandRun.of("reset", "--application", "alerts", "--to-datetime", at, "--dry-run", "--config", config.toString());
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("Would reset consumer group " + group).contains("news.scored-0: 8 -> 5 (-3)")
        .contains("news.scored-1: 8 -> 2 (-6)").contains("would delete internal topic " + group + "-counts-changelog")
        .contains("Dry run: nothing changed");
    assertThat(committed(group)).isEqualTo(before);
    assertThat(topics()).isEqualTo(topicsBefore);

    CommandRun reset = CommandRun.of("reset", "--application", "alerts", "--to-datetime", at, "--config", config.toString());
    assertThat(reset.code()).as(reset.err()).isZero();
    assertThat(committed(group, Topics.SCORED.name())).isEqualTo(Map.of(
        new TopicPartition(Topics.SCORED.name(), 0), firstAtOrAfter(minutes[0], 4.5),
        new TopicPartition(Topics.SCORED.name(), 1), firstAtOrAfter(minutes[1], 4.5)));
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(topics()).doesNotContainAnyElementsOf(internal)
        .contains("reset-it-classifier-other-changelog", Topics.SCORED.name()));
  }

  @Test
  void resetOfTheNotifierMovesItsOffsetsAndDeletesNoTopic() throws Exception {
    Path config = config("notifier-it");
    createTopics(Topics.ALERTS.name(), 1);
    createTopics("notifier-it-notifier-looks-internal-changelog", 1);
    for (int m = 0; m < 4; m++) {
      send(new ProducerRecord<>(Topics.ALERTS.name(), 0, T0.plusSeconds(60L * m).toEpochMilli(), null, new byte[] {1}));
    }
    try (Admin admin = Admin.create(client)) {
      admin.alterConsumerGroupOffsets("notifier-it-notifier",
          Map.of(new TopicPartition(Topics.ALERTS.name(), 0), new OffsetAndMetadata(4))).all().get();
    }
    CommandRun reset = CommandRun.of("reset", "--application", "notifier", "--to-datetime", T0.plusSeconds(60).toString(),
        "--config", config.toString());
    assertThat(reset.code()).as(reset.err()).isZero();
    assertThat(reset.out()).doesNotContain("internal topic").doesNotContain("local state");
    assertThat(committed("notifier-it-notifier", Topics.ALERTS.name()))
        .isEqualTo(Map.of(new TopicPartition(Topics.ALERTS.name(), 0), 1L));
    assertThat(topics()).contains("notifier-it-notifier-looks-internal-changelog");
  }

  @Test
  void exportThenImportGivesBackEveryRecordByteForByte() throws Exception {
    createTopics("export-it.source", 3);
    List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    byte[] invalidUtf8 = {(byte) 0xff, 0x00, (byte) 0xc3};
    sent.add(record(0, 1, "k1", "{\"id\":\"a\",\"score\":0.1,\"text\":\"café – ü\"}", new RecordHeader("h", utf8("v"))));
    sent.add(record(1, 2, null, "{ \"spaced\" : true }"));
    sent.add(new ProducerRecord<>("export-it.source", 2, T0.plusSeconds(3).toEpochMilli(), invalidUtf8, utf8("plain text"),
        List.of(new RecordHeader("bin", invalidUtf8), new RecordHeader("empty", null), new RecordHeader("bin", utf8("again")))));
    sent.add(record(0, 4, "tombstone", null));
    sent.add(new ProducerRecord<>("export-it.source", 1, T0.plusSeconds(5).toEpochMilli(), utf8("k5"), invalidUtf8));
    sent.add(record(2, 6, "k6", "[1,2,{\"a\":null}]"));
    sent.add(record(0, 7, "k7", "42"));
    sent.add(record(1, 8, null, "\"a JSON string\""));
    sent.add(record(2, 9, "", ""));
    for (ProducerRecord<byte[], byte[]> r : sent) {
      send(r);
    }
    Path file = dir.resolve("export-it.jsonl");

    CommandRun exported = CommandRun.of("export", "--topic", "export-it.source", "--out", file.toString(),
        "--bootstrap-servers", broker.bootstrapServers());
    assertThat(exported.code()).as(exported.err()).isZero();
    assertThat(exported.out()).contains("Exported " + sent.size() + " records of export-it.source");
    CommandRun imported = CommandRun.of("import", "--topic", "export-it.copy", "--in", file.toString(), "--partitions", "3",
        "--bootstrap-servers", broker.bootstrapServers());
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("Created topic export-it.copy with 3 partition(s)")
        .contains("Imported " + sent.size() + " records");

    List<Rec> expected = sent.stream().map(Rec::of).toList();
    assertThat(read("export-it.copy")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(read("export-it.source")).containsExactlyInAnyOrderElementsOf(expected);

    CommandRun window = CommandRun.of("export", "--topic", "export-it.source", "--from", T0.plusSeconds(2).toString(),
        "--to", T0.plusSeconds(5).toString(), "--out", dir.resolve("window.jsonl").toString(),
        "--bootstrap-servers", broker.bootstrapServers());
    assertThat(window.code()).as(window.err()).isZero();
    assertThat(Files.readAllLines(dir.resolve("window.jsonl"))).hasSize(3);
  }

  @Test
  void importRefusesALiveTopicWithoutForceAndWritesNothing() throws Exception {
    Path file = dir.resolve("live.jsonl");
    Files.writeString(file, "{\"timestamp\":1,\"key\":\"k\",\"value\":{\"a\":1},\"headers\":[]}\n");
    CommandRun refused = CommandRun.of("import", "--topic", Topics.RAW.name(), "--in", file.toString(),
        "--bootstrap-servers", broker.bootstrapServers());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains(Topics.RAW.name() + " is a live topic").contains("--force");
    assertThat(topics()).doesNotContain(Topics.RAW.name());

    CommandRun forced = CommandRun.of("import", "--topic", Topics.RAW.name(), "--in", file.toString(), "--force",
        "--bootstrap-servers", broker.bootstrapServers());
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(read(Topics.RAW.name())).hasSize(1);
  }

  @Test
  void malformedLineIsReportedWithItsNumberAndNothingIsWritten() throws Exception {
    Path file = dir.resolve("malformed.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"timestamp\":1,\"key\":\"a\",\"value\":{\"n\":1},\"headers\":[]}",
        "",
        "{\"timestamp\":2,\"key\":\"b\",\"value\":{\"n\":2},\"headers\":[]}",
        "{\"timestamp\":3,\"key\":\"c\",\"value\":{\"n\":3}",
        "{\"timestamp\":4,\"key\":\"d\",\"value\":{\"n\":4},\"headers\":[]}") + "\n");
    createTopics("malformed-it", 1);
    CommandRun result = CommandRun.of("import", "--topic", "malformed-it", "--in", file.toString(),
        "--bootstrap-servers", broker.bootstrapServers());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains(file + " line 4: ").contains("nothing was imported");
    assertThat(read("malformed-it")).isEmpty();

    CommandRun missingTopic = CommandRun.of("import", "--topic", "malformed-it.new", "--in", file.toString(),
        "--bootstrap-servers", broker.bootstrapServers());
    assertThat(missingTopic.code()).isEqualTo(1);
    assertThat(topics()).doesNotContain("malformed-it.new");
  }

  @Test
  void timeOrderedReadMergesPartitionsByTimestampAndDeliversEveryRecord() throws Exception {
    createTopics("merge-it", 3);
    List<Long> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
      java.util.Random random = new java.util.Random(3);
      for (int p = 0; p < 3; p++) {
        long t = T0.toEpochMilli();
        for (int i = 0; i < 1500; i++) {
          t += random.nextInt(5000);
          sent.add(t);
          producer.send(new ProducerRecord<>("merge-it", p, t, null, utf8(p + "-" + i)));
        }
      }
    }
    TimeRange range = new TimeRange(T0.plusSeconds(600), null);
    List<Long> read = new ArrayList<>();
    try (Admin admin = Admin.create(client)) {
      TimeOrderedRead.read(TopicRange.of(admin, "merge-it", range), client, r -> read.add(r.timestamp()), null);
    }
    assertThat(read).isSorted()
        .containsExactlyInAnyOrderElementsOf(sent.stream().filter(range::contains).toList());
  }

  @Test
  void replayAlertsFeedsTheWarmupFirstAndReportsOnlyTheRange() throws Exception {
    createTopics("warmup-it.scored", 2);
    createTopics(Topics.ALERTS.name(), 1);
    JsonCodec<ScoredNewsItem> codec = Topics.SCORED.valueSerde().codec();
    Instant from = T0.plus(Duration.ofHours(1));
    long inWarmup = 0;
    long inRange = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
      for (int m = 0; m < 120; m++) {
        Instant at = T0.plusSeconds(60L * m + 7);
        ScoredNewsItem item = scored("w" + m, at, m % 3 == 0 ? Sentiment.NEGATIVE : Sentiment.NEUTRAL);
        producer.send(new ProducerRecord<>("warmup-it.scored", null, at.toEpochMilli(), item.item().storyId(),
            codec.encode(item)));
        if (at.isBefore(from) && !at.isBefore(from.minus(Duration.ofMinutes(20)))) {
          inWarmup++;
        } else if (!at.isBefore(from) && at.isBefore(from.plus(Duration.ofMinutes(40)))) {
          inRange++;
        }
      }
    }
    CommandRun replay = CommandRun.of("replay", "alerts", "--scored", "warmup-it.scored", "--from", from.toString(),
        "--to", from.plus(Duration.ofMinutes(40)).toString(), "--warmup", "20m", "--id", "warmup-it",
        "--bootstrap-servers", broker.bootstrapServers(), "--json");
    assertThat(replay.code()).as(replay.err()).isZero();
    ReplaySummary summary = Json.mapper().readValue(replay.out(), ReplaySummary.class);
    assertThat(summary.alertItems()).isEqualTo(inRange);
    assertThat(summary.alertWarmupItems()).isEqualTo(inWarmup);
    assertThat(summary.alertsTopic()).isEqualTo("alerts.replay.warmup-it");

    CommandRun badWarmup = CommandRun.of("replay", "alerts", "--scored", "warmup-it.scored", "--from", from.toString(),
        "--warmup", "soon", "--bootstrap-servers", broker.bootstrapServers());
    assertThat(badWarmup.code()).isEqualTo(1);
    assertThat(badWarmup.err()).contains("--warmup soon is not a duration");
  }

  private static ScoredNewsItem scored(String id, Instant at, Sentiment label) {
    RawNewsItem raw = RawNewsItem.of(id, "it", "https://news.invalid/" + id, "headline " + id, "", at, at, List.of("ACME"));
    SentimentPrediction sentiment = label == Sentiment.NEGATIVE
        ? SentimentPrediction.fromProbabilities(0.8, 0.1, 0.1) : SentimentPrediction.fromProbabilities(0.1, 0.8, 0.1);
    return new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, raw, new ModelId("it", "1", "0".repeat(64)),
        new TopicPrediction("Earnings", 0.9, Map.of()), sentiment, List.of(), at);
  }

  /** A Streams application with a repartition topic and a changelog, like the real ones. */
  private static KafkaStreams countingApp(String applicationId, String input) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .groupBy((k, v) -> v, Grouped.<byte[], byte[]>as("by-value").withKeySerde(Serdes.ByteArray())
            .withValueSerde(Serdes.ByteArray()))
        .count(Materialized.as("counts"));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    return new KafkaStreams(builder.build(), props);
  }

  private static long firstAtOrAfter(long[] minutes, double minute) {
    for (int i = 0; i < minutes.length; i++) {
      if (minutes[i] >= minute) {
        return i;
      }
    }
    return minutes.length;
  }

  private static Path config(String prefix) throws Exception {
    Path file = dir.resolve(prefix + ".yaml");
    Files.writeString(file, "kafka:\n  bootstrap-servers: \"" + broker.bootstrapServers() + "\"\n"
        + "  application-id-prefix: " + prefix + "\n");
    return file;
  }

  private static ProducerRecord<byte[], byte[]> record(int partition, int second, String key, String value,
      Header... headers) {
    return new ProducerRecord<>("export-it.source", partition, T0.plusSeconds(second).toEpochMilli(),
        key == null ? null : utf8(key), value == null ? null : utf8(value), List.of(headers));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Creates {@code topic} unless another test already did. */
  private static void createTopics(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(client)) {
      if (admin.listTopics().names().get().contains(topic)) {
        return;
      }
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  private static Set<String> topics() throws Exception {
    try (Admin admin = Admin.create(client)) {
      return admin.listTopics().names().get();
    }
  }

  /** The offsets {@code group} committed, on every topic (a Streams app commits on its repartition topics too). */
  private static Map<TopicPartition, Long> committed(String group) throws Exception {
    try (Admin admin = Admin.create(client)) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
          .forEach((tp, o) -> offsets.put(tp, o.offset()));
      return offsets;
    }
  }

  private static Map<TopicPartition, Long> committed(String group, String topic) throws Exception {
    Map<TopicPartition, Long> offsets = new HashMap<>(committed(group));
    offsets.keySet().removeIf(tp -> !tp.topic().equals(topic));
    return offsets;
  }

  private static void send(ProducerRecord<byte[], byte[]> record) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(record).get();
    }
  }

  /** Every record of {@code topic}, read with a plain consumer up to the end offsets at the start. */
  private static List<Rec> read(String topic) throws Exception {
    Map<TopicPartition, Long> ends = new HashMap<>();
    try (Admin admin = Admin.create(client)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    }
    Map<String, Object> config = new HashMap<>(client);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<Rec> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(ends.keySet());
      consumer.seekToBeginning(ends.keySet());
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        assertThat(System.nanoTime()).as("reading " + topic + " in time").isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          records.add(Rec.of(r.key(), r.value(), r.timestamp(), r.headers()));
        }
      }
    }
    return records;
  }

  /** A record's bytes as comparable text: key, value and header values in hex (null stays null). */
  private record Rec(String key, String value, long timestamp, List<String> headers) {
    static Rec of(ProducerRecord<byte[], byte[]> r) {
      return of(r.key(), r.value(), r.timestamp(), r.headers());
    }

    static Rec of(byte[] key, byte[] value, long timestamp, Iterable<Header> headers) {
      List<String> h = new ArrayList<>();
      headers.forEach(header -> h.add(header.key() + "=" + hex(header.value())));
      return new Rec(hex(key), hex(value), timestamp, h);
    }

    private static String hex(byte[] bytes) {
      return bytes == null ? null : HexFormat.of().formatHex(bytes);
    }
  }

}
