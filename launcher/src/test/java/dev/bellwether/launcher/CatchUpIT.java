package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import dev.bellwether.event.WindowStats;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import dev.bellwether.testing.CommittedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catch-up after an outage on six partitions: 24,000 scored items over four hours of publication
 * time wait on {@code news.scored} before the alerting stage starts in a child JVM (the stages as
 * separate processes, as on an external cluster), with the default 15-minute windows and 10 s
 * grace. The six partitions are read at whatever pace the stream threads take them, hours apart in
 * event time, yet every closed window must count exactly the items the input puts in it and no
 * item may be late: the input is in order within each partition. Once undisturbed, once with three
 * SIGKILLs during the catch-up.
 *
 * <p>Waits follow progress: a run fails when no new window arrives for {@link #STALL}, however
 * slow the machine, never after a fixed time.
 */
@Tag("slow") // a fault or soak test: mvn verify -Pslow runs it, plain mvn verify does not
class CatchUpIT {

  private static final int ITEMS = 24_000;
  private static final int PARTITIONS = 6;
  private static final Instant START = Instant.parse("2026-11-02T08:00:00Z");
  private static final Duration SPACING = Duration.ofMillis(600);
  private static final long SIZE = Duration.ofMinutes(15).toMillis();
  private static final long ADVANCE = Duration.ofMinutes(1).toMillis();
  private static final long GRACE = Duration.ofSeconds(10).toMillis();
  private static final List<String> TOPICS = List.of("Markets", "Earnings", "Macro", "M&A");
  private static final ModelId MODEL = new ModelId("catch-up-test", "1", "0".repeat(64));
  private static final Duration STALL = Duration.ofSeconds(120);

  /** Kept when the test fails: the children's logs are the diagnosis. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;

  @Test
  void catchingUpSixPartitionsGivesTheWindowsOfTheInputAndNothingLate() throws Exception {
    run(0);
  }

  @Test
  void catchingUpThroughThreeSigkillsGivesTheSameWindows() throws Exception {
    run(3);
  }

  private void run(int kills) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0)) {
      String bootstrap = broker.bootstrapServers();
      TopicAdmin.ensureTopics(Map.of("bootstrap.servers", bootstrap), Topics.all(), PARTITIONS, (short) 1,
          Duration.ofSeconds(60));
      RawFeed.awaitLeaders(bootstrap);
      Map<String, Long> expected = expectedWindows();
      write(bootstrap);

      Path config = childConfig();
      try (CommittedReader windows = new CommittedReader(bootstrap, Topics.WINDOWS.name());
          CommittedReader late = new CommittedReader(bootstrap, Topics.LATE.name())) {
        int run = 0;
        for (int k = 1; k <= kills; k++) {
          int target = expected.size() * k / (kills + 1);
          try (ChildBellwether child = startChild(bootstrap, config, run++)) {
            awaitWindows(windows, target, child);
            child.kill();
          }
        }
        try (ChildBellwether child = startChild(bootstrap, config, run)) {
          awaitWindows(windows, expected.size(), child);
          late.poll();
          Map<String, Long> actual = new TreeMap<>();
          JsonCodec<WindowStats> codec = Topics.WINDOWS.valueSerde().codec();
          int records = 0;
          for (ConsumerRecord<String, byte[]> r : windows.records()) {
            WindowStats w = codec.decode(r.value());
            if (w.windowEnd().toEpochMilli() <= closedThrough()) {
              actual.put(w.scope() + "@" + w.windowEnd(), w.items());
              records++;
            }
          }
          System.out.printf("CatchUpIT: kills=%d windows=%d records=%d late=%d%n", kills, actual.size(), records,
              late.records().size());
          assertThat(records).as("windows emitted more than once").isEqualTo(actual.size());
          assertThat(actual).isEqualTo(expected);
          assertThat(late.records()).as("items counted late (the input is in order in each partition)").isEmpty();
        }
      }
    }
  }

  /** Item {@code i}: one of five companies, one of four topics, negative one time in five. */
  private static ScoredNewsItem item(int i) {
    Instant published = START.plus(SPACING.multipliedBy(i));
    String ticker = RawFeed.ENTITIES.get(i % RawFeed.ENTITIES.size());
    RawNewsItem raw = RawNewsItem.of("item-" + i, "catch-up-test", "https://news.test/" + i, ticker + " moves", "",
        published, published, List.of(ticker));
    SentimentPrediction sentiment = i % 5 == 0
        ? SentimentPrediction.fromProbabilities(0.9, 0.05, 0.05)
        : SentimentPrediction.fromProbabilities(0.05, 0.9, 0.05);
    return new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, raw, MODEL,
        new TopicPrediction(TOPICS.get(i % TOPICS.size()), 0.9, Map.of()), sentiment, List.of(), published);
  }

  private static List<String> scopes(ScoredNewsItem item) {
    return List.of("topic:" + item.topic().label(), "entity:" + item.item().entities().get(0), "market");
  }

  /**
   * The end of the last window the input closes: every partition reaches the last minutes of the
   * input, so the watermark is the least of the partitions' last publication times; a partition
   * holds every sixth item or so, so this is within seconds of the last item.
   */
  private static long closedThrough() {
    Map<Integer, Long> last = new HashMap<>();
    for (int i = 0; i < ITEMS; i++) {
      ScoredNewsItem item = item(i);
      last.merge(partitionOf(item.item().storyId()), item.item().publishedAt().toEpochMilli(), Math::max);
    }
    long watermark = last.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    return Math.floorDiv(watermark - GRACE, ADVANCE) * ADVANCE;
  }

  /** The partition the producer's default partitioner gives a key. */
  private static int partitionOf(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(bytes)) % PARTITIONS;
  }

  /** Items per {@code <scope>@<window end>} of every window the input closes, counted from the input alone. */
  private static Map<String, Long> expectedWindows() {
    long closed = closedThrough();
    Map<String, Long> counts = new TreeMap<>();
    for (int i = 0; i < ITEMS; i++) {
      ScoredNewsItem item = item(i);
      long at = item.item().publishedAt().toEpochMilli();
      for (long end = Math.floorDiv(at, ADVANCE) * ADVANCE + ADVANCE; end <= at + SIZE && end <= closed; end += ADVANCE) {
        for (String scope : scopes(item)) {
          counts.merge(scope + "@" + Instant.ofEpochMilli(end), 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  private static void write(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    JsonCodec<ScoredNewsItem> codec = Topics.SCORED.valueSerde().codec();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < ITEMS; i++) {
        ScoredNewsItem item = item(i);
        producer.send(new ProducerRecord<>(Topics.SCORED.name(), item.item().storyId(), codec.encode(item)));
      }
      producer.flush();
    }
  }

  /** Waits until {@code count} windows are committed, failing only when none comes for {@link #STALL}. */
  private static void awaitWindows(CommittedReader windows, int count, ChildBellwether child) {
    Progressing.await(count + " windows on " + Topics.WINDOWS.name(), STALL, windows::poll, () -> {
      assertThat(child.isAlive()).as("the alerting child is alive: %s", child.describe()).isTrue();
      return windows.poll() >= count;
    }, child::describe);
  }

  private ChildBellwether startChild(String bootstrap, Path config, int run) {
    return ChildBellwether.start(
        List.of("--config", config.toString(), "--bootstrap-servers", bootstrap, "--only", "alerts",
            "--data-dir", dir.resolve("state").toString()),
        Map.of(), dir.resolve("child-" + run + ".log"));
  }

  /** The shipped windows (15 min, 1 min advance, 10 s grace); short session timeouts so a killed member's partitions move on. */
  private Path childConfig() throws java.io.IOException {
    Path file = dir.resolve("child.yaml");
    Files.writeString(file, String.join("\n",
        "kafka:",
        "  client-overrides:",
        "    session.timeout.ms: \"6000\"",
        "    heartbeat.interval.ms: \"1000\"",
        "alerts:",
        "  market-topics: []", // the market counts every item, as the ground truth does
        "metrics:",
        "  enabled: false",
        "console:",
        "  enabled: false",
        ""), StandardCharsets.UTF_8);
    return file;
  }
}
