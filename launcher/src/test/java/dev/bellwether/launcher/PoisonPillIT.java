package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import dev.bellwether.testing.CommittedReader;
import io.micrometer.core.instrument.Counter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison pills on {@code news.raw}: every kind of bad record, each between valid items, reaches
 * the dead-letter topic with a reason naming what is wrong and is counted, while every valid item
 * around it is scored and no stream thread fails.
 */
class PoisonPillIT {

  private static final int VALID_BETWEEN = 5;
  private static final int RAW_MAX_BYTES = 8 * 1024 * 1024;
  private static final Instant NOW = Instant.now();

  @TempDir Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void badRecordsAreDeadLetteredWithTheirReasonAndValidOnesAroundThemAreScored() throws Exception {
    Map<String, Poison> corpus = corpus();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0)) {
      createTopics(broker);
      BellwetherConfig config = new ConfigLoader().load(null, Map.of(
          "BELLWETHER_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
          "BELLWETHER_DATA_DIR", dir.resolve("state").toString(),
          "BELLWETHER_METRICS_ENABLED", "false"));
      try (Pipeline pipeline = Pipeline.start(config, EnumSet.of(Component.CLASSIFIER, Component.ALERTS),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC());
          RawFeed feed = new RawFeed(broker.bootstrapServers(), NOW.minus(Duration.ofHours(1)), Duration.ofSeconds(1));
          KafkaProducer<String, byte[]> big = bigProducer(broker);
          CommittedReader scored = new CommittedReader(broker.bootstrapServers(), Topics.SCORED.name());
          CommittedReader dead = new CommittedReader(broker.bootstrapServers(), Topics.DEAD_LETTER.name())) {
        int next = 0;
        Set<String> validIds = new HashSet<>();
        for (Poison poison : corpus.values()) {
          for (int k = 0; k < VALID_BETWEEN; k++, next++) {
            feed.send(feed.item(next));
            validIds.add("item-" + next);
          }
          feed.flush();
          big.send(new ProducerRecord<>(Topics.RAW.name(), null, poison.timestamp(), poison.key(), poison.value())).get();
        }
        feed.send(feed.item(next));
        validIds.add("item-" + next);
        // A long item that still fits the scored topic's default limit is scored.
        big.send(new ProducerRecord<>(Topics.RAW.name(), null, NOW.toEpochMilli(), "long-900kb",
            itemWithSummary("long-900kb", "w ".repeat(450_000), NOW))).get();
        validIds.add("long-900kb");
        // A valid item without a key: the key only spreads stories over partitions; it is scored.
        RawNewsItem keyless = feed.item(++next);
        feed.sendBytes(null, keyless.publishedAt().toEpochMilli(), Topics.RAW.valueSerde().codec().encode(keyless));
        validIds.add(keyless.id());
        feed.flush();

        await("every valid item scored and every poison pill dead-lettered")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> scored.poll() >= validIds.size() && dead.poll() >= corpus.size());

        Set<String> scoredIds = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : scored.records()) {
          ScoredNewsItem item = Topics.SCORED.valueSerde().codec().decode(r.value());
          scoredIds.add(item.item().id());
        }
        assertThat(scoredIds).isEqualTo(validIds);

        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : dead.records()) {
          DeadLetter letter = Topics.DEAD_LETTER.valueSerde().codec().decode(r.value());
          assertThat(letter.stage()).isEqualTo("classifier");
          assertThat(letter.sourceTopic()).isEqualTo(Topics.RAW.name());
          assertThat(letter.payload().length()).isLessThanOrEqualTo(DeadLetter.MAX_PAYLOAD_CHARS);
          String key = String.valueOf(letter.key());
          reasons.add((key.length() > 40 ? key.substring(0, 40) + "..." : key) + " -> " + letter.reason());
        }
        System.out.println("PoisonPillIT dead letters:\n  " + String.join("\n  ", reasons));
        assertThat(reasons).hasSize(corpus.size());
        for (Map.Entry<String, Poison> e : corpus.entrySet()) {
          assertThat(reasons).as("dead letter of %s", e.getKey())
              .anySatisfy(reason -> assertThat(reason).startsWith(shortKey(e.getValue().key()) + " -> ")
                  .containsIgnoringCase(e.getValue().reasonNames()));
        }
        Counter counter = pipeline.registry().find("bellwether.deadletter.records").tag("stage", "classifier").counter();
        assertThat(counter).isNotNull();
        assertThat(counter.count()).isEqualTo(corpus.size());
        assertThat(pipeline.registry().find(StreamsApp.THREADS_REPLACED).counters())
            .allSatisfy(c -> assertThat(c.count()).as("stream threads replaced in %s", c.getId()).isZero());
        assertThat(pipeline.health().live()).isTrue();
      }
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aRecordOverTheRawTopicsLimitIsRefusedAtTheProducer() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0)) {
      createTopics(broker);
      try (KafkaProducer<String, byte[]> big = bigProducer(broker)) {
        byte[] tooBig = item("over-limit", "x".repeat(RAW_MAX_BYTES + 1), NOW);
        assertThat(big.send(new ProducerRecord<>(Topics.RAW.name(), "over-limit", tooBig)))
            .failsWithin(Duration.ofSeconds(30))
            .withThrowableOfType(java.util.concurrent.ExecutionException.class)
            .withCauseInstanceOf(RecordTooLargeException.class);
      }
    }
  }

  /** A bad record: its key (naming it), value, record timestamp, and a word its reason must contain. */
  record Poison(String key, byte[] value, Long timestamp, String reasonNames) {}

  private static Map<String, Poison> corpus() {
    Map<String, Poison> c = new LinkedHashMap<>();
    long now = NOW.toEpochMilli();
    c.put("invalid JSON", new Poison("bad-json", utf8("{\"id\": \"bad-json\", \"title\": "), now, "JSON"));
    c.put("wrong type", new Poison("wrong-type",
        utf8("{\"id\": \"wrong-type\", \"title\": {\"text\": 1}, \"published_at\": \"" + NOW + "\"}"), now, "field title"));
    c.put("unreadable time", new Poison("bad-time",
        utf8("{\"id\": \"bad-time\", \"title\": \"Acme rises\", \"published_at\": \"yesterday\"}"), now, "field published_at"));
    c.put("entities not a list", new Poison("bad-entities",
        utf8("{\"id\": \"bad-entities\", \"title\": \"Acme rises\", \"published_at\": \"" + NOW
            + "\", \"entities\": {\"a\": 1}}"), now, "field entities"));
    byte[] invalidUtf8 = utf8("{\"id\": \"bad-utf8\", \"title\": \"Acme XX rises\", \"published_at\": \"" + NOW + "\"}");
    int at = new String(invalidUtf8, StandardCharsets.UTF_8).indexOf("XX");
    invalidUtf8[at] = (byte) 0xC3;
    invalidUtf8[at + 1] = (byte) 0x28;
    c.put("invalid UTF-8", new Poison("bad-utf8", invalidUtf8, now, "UTF-8"));
    c.put("missing id", new Poison("no-id", utf8("{\"title\": \"Acme rises\", \"published_at\": \"" + NOW + "\"}"), now,
        "id is missing"));
    c.put("missing title", new Poison("no-title", utf8("{\"id\": \"no-title\", \"published_at\": \"" + NOW + "\"}"), now,
        "title is missing"));
    c.put("empty value", new Poison("empty", new byte[0], now, "empty payload"));
    c.put("tombstone", new Poison("tombstone", null, now, "empty payload"));
    c.put("JSON null", new Poison("json-null", utf8("null"), now, "null"));
    c.put("JSON array", new Poison("json-array", utf8("[1, 2]"), now, "RawNewsItem"));
    c.put("huge title, 5 MB", new Poison("huge-5mb", item("huge-5mb", "Acme " + "y".repeat(5 * 1024 * 1024), NOW), now,
        "bytes"));
    c.put("huge summary, 1.2 MB", new Poison("huge-1mb", itemWithSummary("huge-1mb", "z ".repeat(600_000), NOW), now,
        "bytes"));
    c.put("huge key, 70 KB", new Poison("k".repeat(70_000), item("huge-key", "Acme rises", NOW), now, "key of"));
    // The broker refuses record timestamps more than an hour ahead (Kafka's default); published_at
    // is only text, and an item dated years ahead would carry alerting's stream time with it.
    Instant future = Instant.parse("2999-01-01T00:00:00Z");
    c.put("far future", new Poison("future", item("future", "Acme rises", future), now, "future"));
    Instant days = NOW.plus(Duration.ofDays(2));
    c.put("two days ahead", new Poison("ahead", item("ahead", "Acme rises", days),
        NOW.plus(Duration.ofMinutes(50)).toEpochMilli(), "future"));
    return c;
  }

  private static byte[] item(String id, String title, Instant published) {
    return Topics.RAW.valueSerde().codec().encode(
        RawNewsItem.of(id, "poison", "", title, "", published, published, List.of("ACME")));
  }

  private static byte[] itemWithSummary(String id, String summary, Instant published) {
    return Topics.RAW.valueSerde().codec().encode(
        RawNewsItem.of(id, "poison", "", "Acme rises", summary, published, published, List.of("ACME")));
  }

  private static String shortKey(String key) {
    return key.length() > 40 ? key.substring(0, 40) + "..." : key;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** news.raw accepts records up to 8 MiB here, as a deployment that raised the limit would. */
  private static void createTopics(EmbeddedKafkaBroker broker) throws Exception {
    Map<String, String> raw = new LinkedHashMap<>(Topics.RAW.configs());
    raw.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(RAW_MAX_BYTES));
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(Topics.RAW.name(), 1, (short) 1).configs(raw))).all()
          .get(60, TimeUnit.SECONDS);
    }
    TopicAdmin.ensureTopics(Map.of("bootstrap.servers", broker.bootstrapServers()), Topics.all(), 1, (short) 1,
        Duration.ofSeconds(60));
    RawFeed.awaitLeaders(broker.bootstrapServers());
  }

  private static KafkaProducer<String, byte[]> bigProducer(EmbeddedKafkaBroker broker) {
    Map<String, Object> p = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * RAW_MAX_BYTES,
        ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }
}
