package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.WindowStats;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import dev.bellwether.testing.CommittedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * History imported into a running pipeline: 20,000 items published 15 to 40 years ago, in random
 * order, go through {@code ingest --file} into a {@code bellwether run} on its embedded broker
 * (simulated live news running beside them) whose retention check runs every two seconds. Every
 * item must be scored and counted in a window of the import's own timeline, none late, and the
 * run's log must hold no ERROR line and no {@code OutOfOrderSequenceException}: the broker stamps
 * records with their append time, so retention never deletes what was just written and producers
 * keep their sequence state, however old the news.
 */
@Tag("slow") // a fault or soak test: mvn verify -Pslow runs it, plain mvn verify does not
class BackfillIT {

  private static final int ITEMS = 20_000;
  private static final Pattern BOOTSTRAP = Pattern.compile("on Kafka (127\\.0\\.0\\.1:\\d+)");
  private static final Duration STALL = Duration.ofSeconds(180);
  private static final List<String> COMPANIES = List.of("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark");
  private static final List<String> VERBS = List.of("gains", "slips", "rallies", "sinks", "steadies", "jumps", "falls");

  /** Kept when the test fails: the run's log is the diagnosis. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;

  @Test
  void historyImportedIntoARunningPipelineIsAllScoredAndCountedWithoutAnError() throws Exception {
    Path file = history();
    try (ChildBellwether child = ChildBellwether.start(
        List.of("--config", childConfig().toString(), "--data-dir", dir.resolve("state").toString()), Map.of(),
        dir.resolve("run.log"))) {
      Matcher m = BOOTSTRAP.matcher(child.output());
      assertThat(m.find()).as("broker address in:%n%s", child.output()).isTrue();
      String bootstrap = m.group(1);

      CommandRun imported = CommandRun.of("ingest", "--file", file.toString(), "--bootstrap-servers", bootstrap);
      assertThat(imported.code()).as(imported.err()).isZero();
      Matcher t = Pattern.compile("on timeline (import-\\S+)").matcher(imported.out() + imported.err());
      assertThat(t.find()).as("timeline in:%n%s%s", imported.out(), imported.err()).isTrue();
      String timeline = t.group(1);

      try (CommittedReader scored = new CommittedReader(bootstrap, Topics.SCORED.name());
          CommittedReader windows = new CommittedReader(bootstrap, Topics.WINDOWS.name());
          CommittedReader late = new CommittedReader(bootstrap, Topics.LATE.name())) {
        JsonCodec<ScoredNewsItem> items = Topics.SCORED.valueSerde().codec();
        JsonCodec<WindowStats> stats = Topics.WINDOWS.valueSerde().codec();
        Set<String> scoredIds = new HashSet<>();
        long[] counted = {0};
        int[] read = {0, 0};
        // Each item counts in every one of the 15 one-minute hops of its 15-minute market window.
        Progressing.await("every imported item scored and counted", STALL, () -> scoredIds.size() + counted[0], () -> {
          assertThat(child.isAlive()).as("run alive: %s", child.describe()).isTrue();
          int s = scored.poll();
          int w = windows.poll();
          for (ConsumerRecord<String, byte[]> r : scored.records().subList(read[0], s)) {
            ScoredNewsItem item = items.decode(r.value());
            if (timeline.equals(item.item().timeline())) {
              scoredIds.add(item.item().id());
            }
          }
          for (ConsumerRecord<String, byte[]> r : windows.records().subList(read[1], w)) {
            WindowStats stat = stats.decode(r.value());
            if (timeline.equals(stat.timeline()) && stat.scope().equals("market")) {
              counted[0] += stat.items();
            }
          }
          read[0] = s;
          read[1] = w;
          return scoredIds.size() >= ITEMS && counted[0] >= 15L * ITEMS;
        }, () -> scoredIds.size() + " scored, " + counted[0] + " counted; " + child.describe());
        late.poll();
        String log = child.output();
        System.out.printf("BackfillIT: scored=%d counted=%d late=%d%n", scoredIds.size(), counted[0],
            late.records().size());
        assertThat(scoredIds).hasSize(ITEMS);
        assertThat(counted[0]).isEqualTo(15L * ITEMS);
        assertThat(late.records()).isEmpty();
        assertThat(log.lines().filter(l -> l.contains(" ERROR ")).toList()).as("ERROR lines").isEmpty();
        assertThat(log).doesNotContain("OutOfOrderSequenceException");
      }
    }
  }

  /** 20,000 distinct headlines published at random times 15 to 40 years ago, in random order. */
  private Path history() throws Exception {
    Path file = dir.resolve("history.jsonl");
    Random random = new Random(17);
    Instant now = Instant.now();
    long from = now.minus(Duration.ofDays(40 * 365)).toEpochMilli();
    long to = now.minus(Duration.ofDays(15 * 365)).toEpochMilli();
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < ITEMS; i++) {
        Instant at = Instant.ofEpochMilli(from + (long) (random.nextDouble() * (to - from)));
        String title = COMPANIES.get(random.nextInt(COMPANIES.size())) + " "
            + VERBS.get(random.nextInt(VERBS.size())) + " in trade " + i;
        out.write("{\"id\":\"h-" + i + "\",\"title\":\"" + title + "\",\"url\":\"https://history.test/" + i
            + "\",\"published_at\":\"" + at + "\",\"source\":\"archive\"}\n");
      }
    }
    return file;
  }

  /** The embedded defaults with a short live history, a retention check every 2 s, and no metrics or console port. */
  private Path childConfig() throws java.io.IOException {
    Path file = dir.resolve("run.yaml");
    Files.writeString(file, String.join("\n",
        "embedded:",
        "  broker-settings:",
        "    log.retention.check.interval.ms: \"2000\"",
        "  simulator:",
        "    history: 30m",
        "alerts:",
        "  market-topics: []", // the market counts every item, as the check does
        "metrics:",
        "  enabled: false",
        "console:",
        "  enabled: false",
        ""), StandardCharsets.UTF_8);
    return file;
  }
}
