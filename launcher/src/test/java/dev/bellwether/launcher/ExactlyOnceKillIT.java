package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.event.WindowStats;
import dev.bellwether.kafka.InvalidRecordException;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import dev.bellwether.testing.CommittedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under crashes, in the style of Kafka's own system tests: 50,000 raw items are
 * scored and aggregated by {@code bellwether run --only classifier,alerts} in a child JVM that is
 * killed with SIGKILL (no shutdown hook, transactions left open) at seeded random points and
 * restarted on the same state directory. The committed output, read with
 * {@code isolation.level=read_committed}, must hold exactly one scored record per raw item, and the
 * closed windows on {@code sentiment.windows} must count exactly the items the input puts in them.
 *
 * <p>The child scores with the real bundled ONNX model, unchanged: headlines of two words keep it
 * at several hundred items per second on two cores, so the test needs no stand-in scorer. Windows
 * are tumbling 5 minutes with a grace (6 h) longer than the input's span, so that no item can be
 * late whatever order the two partitions are processed in after a crash; a sentinel item published
 * after the grace closes every window once everything is scored.
 */
@Tag("slow") // a fault or soak test: mvn verify -Pslow runs it, plain mvn verify does not
class ExactlyOnceKillIT {

  private static final int ITEMS = 50_000;
  private static final int KILLS = 4;
  private static final long SEED = 7;
  private static final Instant START = Instant.parse("2026-11-02T08:00:00Z");
  private static final Duration SPACING = Duration.ofMillis(250);
  private static final Duration WINDOW = Duration.ofMinutes(5);
  private static final Duration GRACE = Duration.ofHours(6);

  /** Kept when the test fails: the children's logs are the diagnosis. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;

  /** Longest the committed output may stand still while a child runs before the test gives up. */
  private static final Duration STALL = Duration.ofSeconds(120);

  @Test
  void everyItemIsScoredExactlyOnceAndWindowsCountEveryItemDespiteRepeatedSigkill() throws Exception {
    long began = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
        RawFeed feed = new RawFeed(broker.bootstrapServers(), START, SPACING);
        CommittedReader scored = new CommittedReader(broker.bootstrapServers(), ensureTopics(broker));
        CommittedReader windows = new CommittedReader(broker.bootstrapServers(), Topics.WINDOWS.name())) {
      feed.send(0, ITEMS);
      feed.flush();

      Path config = childConfig();
      Random random = new Random(SEED);
      int kills = 0;
      List<Integer> killedAt = new ArrayList<>();
      while (kills < KILLS) {
        try (ChildBellwether child = startChild(broker, config, kills)) {
          int atStart = scored.poll();
          // Kill at a seeded point in this run's progress: sometimes early (restoring), mostly mid-stream.
          int target = Math.min(ITEMS - 2_000, atStart + 500 + random.nextInt(ITEMS / (KILLS + 1)));
          Progressing.await("committed scored records reach " + target + " before kill " + (kills + 1), STALL,
              scored::poll, () -> scored.poll() >= target || !child.isAlive(), () -> diagnosis(child, scored));
          assertThat(child.isAlive()).as("child alive before kill %d:\n%s", kills + 1, child.output()).isTrue();
          child.kill();
          kills++;
          killedAt.add(scored.poll());
        }
      }

      try (ChildBellwether last = startChild(broker, config, kills)) {
        Progressing.await("every raw item scored after " + kills + " kills", STALL, () -> distinctIds(scored),
            () -> distinctIds(scored) >= ITEMS, () -> diagnosis(last, scored));
        // Everything is scored: sentinels published after the grace close every window.
        Instant flushAt = feed.publishedAt(ITEMS).plus(GRACE).plus(WINDOW.multipliedBy(2));
        Map<String, Long> expected = expectedItems(feed);
        int[] sentinels = {0};
        Progressing.await("every window closed on sentiment.windows", STALL, windows::poll, () -> {
          windows.poll();
          if (finalWindows(windows).keySet().containsAll(expected.keySet())) {
            return true;
          }
          feed.sendSentinel(flushAt, sentinels[0]++);
          return false;
        }, () -> diagnosis(last, windows));
        assertThat(last.isAlive()).isTrue();
      }

      // Exactly one scored record per raw item.
      scored.poll();
      Map<String, Integer> perId = new HashMap<>();
      JsonCodec<ScoredNewsItem> codec = Topics.SCORED.valueSerde().codec();
      Map<String, Sentiment> labels = new HashMap<>();
      Map<String, Sentiment> entityLabels = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : scored.records()) {
        ScoredNewsItem item = codec.decode(r.value());
        if (item.item().id().startsWith("sentinel-")) {
          continue;
        }
        perId.merge(item.item().id(), 1, Integer::sum);
        labels.put(item.item().id(), item.sentiment().label());
        // An entity scope counts the item with that entity's own sentiment (ScopeFanOut.countedIn).
        entityLabels.put(item.item().id(), item.item().entities().isEmpty()
          ? item.sentiment().label() : item.sentimentOf(item.item().entities().get(0)).label());
      }
      List<String> duplicates = perId.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
      List<String> missing = RawFeed.ids(0, ITEMS).stream().filter(id -> !perId.containsKey(id)).toList();

      // Window counts equal the ground truth computed from the input (and, for labels, from the scores).
      Map<String, WindowStats> actual = finalWindows(windows);
      Map<String, Long> expectedItems = expectedItems(feed);
      Map<String, Long> expectedNegative = expectedNegative(feed, labels, entityLabels);
      Map<String, Long> actualItems = new TreeMap<>();
      Map<String, Long> actualNegative = new TreeMap<>();
      for (String key : expectedItems.keySet()) {
        actualItems.put(key, actual.get(key).items());
        actualNegative.put(key, actual.get(key).negative());
      }
      long windowRecords = windows.records().size();
      long windowDuplicates = windowRecords - finalWindows(windows).size();
      System.out.printf("ExactlyOnceKillIT: items=%d kills=%d killedAtScored=%s scoredRecords=%d duplicates=%d missing=%d"
              + " windowsChecked=%d windowRecords=%d windowDuplicates=%d seconds=%d%n", ITEMS, kills, killedAt,
          scored.records().size(), duplicates.size(), missing.size(), expectedItems.size(), windowRecords, windowDuplicates,
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));

      assertThat(kills).isGreaterThanOrEqualTo(3);
      assertThat(duplicates).as("items scored more than once").isEmpty();
      assertThat(missing).as("items never scored").isEmpty();
      assertThat(perId).hasSize(ITEMS);
      assertThat(windowDuplicates).as("windows emitted more than once").isZero();
      assertThat(actualItems).isEqualTo(new TreeMap<>(expectedItems));
      assertThat(actualNegative).isEqualTo(new TreeMap<>(expectedNegative));
    }
  }

  /** What a stalled wait reports: the records committed per partition, and where the child's log is. */
  private static String diagnosis(ChildBellwether child, CommittedReader reader) {
    return "committed per partition: " + reader.perPartition() + "\nchild " + child.describe();
  }

  private static String ensureTopics(EmbeddedKafkaBroker broker) {
    TopicAdmin.ensureTopics(Map.of("bootstrap.servers", broker.bootstrapServers()), Topics.all(), 2, (short) 1,
        Duration.ofSeconds(60));
    RawFeed.awaitLeaders(broker.bootstrapServers());
    return Topics.SCORED.name();
  }

  private ChildBellwether startChild(EmbeddedKafkaBroker broker, Path config, int run) {
    return ChildBellwether.start(
        List.of("--config", config.toString(), "--bootstrap-servers", broker.bootstrapServers(),
            "--only", "classifier,alerts", "--data-dir", dir.resolve("state").toString()),
        Map.of(), dir.resolve("child-" + run + ".log"));
  }

  /**
   * Settings of the child: tumbling windows with a grace longer than the input, no metrics or
   * console port, and a short session timeout so that a killed member's partitions move on in seconds.
   */
  private Path childConfig() throws java.io.IOException {
    Path file = dir.resolve("child.yaml");
    Files.writeString(file, String.join("\n",
        "kafka:",
        "  partitions: 2",
        "  client-overrides:",
        "    session.timeout.ms: \"6000\"",
        "    heartbeat.interval.ms: \"1000\"",
        "alerts:",
        "  market-topics: []", // the market counts every item, as the ground truth does
        "  window:",
        "    size: 5m",
        "    advance: 5m",
        "    grace: 6h",
        "metrics:",
        "  enabled: false",
        "console:",
        "  enabled: false",
        ""), StandardCharsets.UTF_8);
    return file;
  }

  private static int distinctIds(CommittedReader scored) {
    scored.poll();
    return (int) scored.records().stream().map(ConsumerRecord::key).distinct().count();
  }

  /** The last value of each window, keyed {@code <scope>@<window start>}. */
  private static Map<String, WindowStats> finalWindows(CommittedReader windows) throws InvalidRecordException {
    JsonCodec<WindowStats> codec = Topics.WINDOWS.valueSerde().codec();
    Map<String, WindowStats> last = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : windows.records()) {
      WindowStats stats = codec.decode(r.value());
      last.put(stats.scope() + "@" + stats.windowStart(), stats);
    }
    return last;
  }

  /** Items per closed market and entity window, from the input alone. */
  private static Map<String, Long> expectedItems(RawFeed feed) {
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < ITEMS; i++) {
      RawNewsItem item = feed.item(i);
      Instant start = windowStart(item.publishedAt());
      expected.merge("market@" + start, 1L, Long::sum);
      expected.merge("entity:" + item.entities().get(0) + "@" + start, 1L, Long::sum);
    }
    return expected;
  }

  /**
   * Negative items per closed market and entity window, from the input and its committed scores:
   * the item's sentiment in the market, the entity's own in the entity's scope.
   */
  private static Map<String, Long> expectedNegative(RawFeed feed, Map<String, Sentiment> labels,
      Map<String, Sentiment> entityLabels) {
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < ITEMS; i++) {
      RawNewsItem item = feed.item(i);
      Instant start = windowStart(item.publishedAt());
      expected.merge("market@" + start, labels.get(item.id()) == Sentiment.NEGATIVE ? 1L : 0L, Long::sum);
      expected.merge("entity:" + item.entities().get(0) + "@" + start,
          entityLabels.get(item.id()) == Sentiment.NEGATIVE ? 1L : 0L, Long::sum);
    }
    return expected;
  }

  private static Instant windowStart(Instant at) {
    long size = WINDOW.toMillis();
    return Instant.ofEpochMilli(at.toEpochMilli() - Math.floorMod(at.toEpochMilli(), size));
  }
}
