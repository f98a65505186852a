package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.WindowStats;
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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bellwether run} stopped by SIGTERM closes its Streams applications cleanly (the shutdown
 * hook runs and the stores keep their committed offsets, so the next start reuses them instead of
 * wiping and restoring them) and, started again, continues its windows: a window that got half its
 * items before the stop and half after counts them all.
 */
@Tag("slow") // a fault or soak test: mvn verify -Pslow runs it, plain mvn verify does not
class SigtermRestoreIT {

  private static final int ITEMS = 600;
  private static final Instant START = Instant.parse("2026-11-02T08:00:00Z");

  @TempDir Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void sigtermClosesStreamsCleanlyAndWindowsContinueAfterRestart() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0)) {
      TopicAdmin.ensureTopics(Map.of("bootstrap.servers", broker.bootstrapServers()), Topics.all(), 1, (short) 1,
          Duration.ofSeconds(60));
      RawFeed.awaitLeaders(broker.bootstrapServers());
      Path config = dir.resolve("child.yaml");
      Files.writeString(config, String.join("\n",
          "alerts:", "  market-topics: []", "  window:", "    size: 5m", "    advance: 5m", "    grace: 1h", "metrics:", "  enabled: false", ""),
          StandardCharsets.UTF_8);
      List<String> args = List.of("--config", config.toString(), "--bootstrap-servers", broker.bootstrapServers(),
          "--only", "classifier,alerts", "--data-dir", dir.resolve("state").toString());
      // 400 ms apart, all 600 items fall in the one 5-minute window starting at START.
      try (RawFeed feed = new RawFeed(broker.bootstrapServers(), START, Duration.ofMillis(400));
          CommittedReader windows = new CommittedReader(broker.bootstrapServers(), Topics.WINDOWS.name())) {
        try (ChildBellwether first = ChildBellwether.start(args, Map.of(), dir.resolve("first.log"))) {
          feed.send(0, ITEMS / 2);
          feed.flush();
          await("the alerting application has aggregated the first half")
              .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
              .until(() -> caughtUp(broker, "bellwether-alerts") && caughtUp(broker, "bellwether-classifier"));
          long began = System.nanoTime();
          int exit = first.terminate(Duration.ofSeconds(60));
          long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
          System.out.printf("SigtermRestoreIT: exit=%d stopMillis=%d%n", exit, stopMillis);
          assertThat(first.output()).contains("Stopping Bellwether...");
          assertThat(exit).as("exit code after SIGTERM:\n%s", first.output()).isIn(0, 143);
        }
        try (ChildBellwether second = ChildBellwether.start(args, Map.of(), dir.resolve("second.log"))) {
          feed.send(ITEMS / 2, ITEMS);
          feed.flush();
          Instant closeAll = START.plus(Duration.ofHours(2));
          int[] sentinels = {0};
          try {
            await("the window spanning the restart is closed").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                  windows.poll();
                  if (market(windows).containsKey(START)) {
                    return true;
                  }
                  feed.sendSentinel(closeAll, sentinels[0]++);
                  return false;
                });
          } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no closed market window; restarted child's output:\n" + second.output(), e);
          }
          WindowStats window = market(windows).get(START);
          System.out.printf("SigtermRestoreIT: market window items=%d (expected %d)%n", window.items(), ITEMS);
          assertThat(window.items()).as("items counted before and after the restart").isEqualTo(ITEMS);
          assertThat(second.isAlive()).isTrue();
          // After SIGKILL, Streams under exactly-once finds stores without committed offsets, treats the
          // tasks as corrupted, wipes them and restores from the changelogs (ExactlyOnceKillIT's logs
          // show it); after a clean close it reuses the local stores as they are.
          assertThat(second.output()).as("restart after SIGTERM reuses the local state")
              .doesNotContain("did not find checkpoint offsets", "TaskCorruptedException");
        }
      }
    }
  }

  /** Whether every input the group reads has been committed up to its end. */
  private static boolean caughtUp(EmbeddedKafkaBroker broker, String group) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      if (committed.isEmpty()) {
        return false;
      }
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get();
      return committed.entrySet().stream()
          .allMatch(e -> e.getValue() != null && e.getValue().offset() >= ends.get(e.getKey()).offset());
    }
  }

  private static Map<Instant, WindowStats> market(CommittedReader windows) throws Exception {
    Map<Instant, WindowStats> out = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : windows.records()) {
      WindowStats stats = Topics.WINDOWS.valueSerde().codec().decode(r.value());
      if (stats.scope().equals("market")) {
        out.put(stats.windowStart(), stats);
      }
    }
    return out;
  }
}
