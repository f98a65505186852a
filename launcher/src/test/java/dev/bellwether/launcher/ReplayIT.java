package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.classifier.model.ContentHash;
import dev.bellwether.classifier.model.HeadsGraph;
import dev.bellwether.classifier.model.ModelManifest;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.event.Alert;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.kafka.Json;
import dev.bellwether.kafka.Topics;
import dev.bellwether.ops.replay.ReplaySummary;
import dev.bellwether.ops.topics.TimeRange;
import dev.bellwether.ops.topics.TopicRange;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show of issue 7: a day of simulated news is ingested and scored live, then rescored with
 * a different model version; the versioned topic holds one record per raw item of the range, the
 * live topics are byte-for-byte unchanged, the running notifier sends nothing, and the summary's
 * counts agree with the topics.
 */
@Tag("slow") // a long-running IT: mvn verify -Pslow runs it, plain mvn verify does not
class ReplayIT {

  private static final String VERSION = "2026-11-30.replay-it";

  @TempDir Path dataDir;
  @TempDir Path models;

  @Test
  void rescoringADayWithAnotherModelWritesOnlyTheVersionedTopicAndNotifiesNothing() throws Exception {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    TimeRange day = new TimeRange(t0.minus(Duration.ofHours(24)), t0);
    BellwetherConfig config = new ConfigLoader().load(null, dayOfNews());
    ByteArrayOutputStream liveOut = new ByteArrayOutputStream();

    try (Pipeline live = Pipeline.start(config, EnumSet.allOf(Component.class),
        new PrintStream(liveOut, true, StandardCharsets.UTF_8), Clock.systemUTC())) {
      String bootstrap = live.bootstrapServers();
      long[] lastRaw = {-1};
      await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(3)).until(() -> {
        long raw = read(bootstrap, Topics.RAW.name(), day).size();
        long scored = read(bootstrap, Topics.SCORED.name(), day).size();
        boolean settled = raw > 1000 && raw == lastRaw[0] && scored == raw;
        lastRaw[0] = raw;
        return settled;
      });

      CommandRun toLive = CommandRun.of("replay", "score", "--from", day.from().toString(), "--to", day.to().toString(),
          "--model", "bundled", "--output", Topics.SCORED.name(), "--allow-live-output", "--bootstrap-servers", bootstrap);
      assertThat(toLive.code()).isEqualTo(1);
      assertThat(toLive.err()).contains("refusing to write news.scored while its live application bellwether-classifier runs");
      CommandRun noFlag = CommandRun.of("replay", "score", "--from", day.from().toString(), "--to", day.to().toString(),
          "--model", "bundled", "--output", Topics.SCORED.name(), "--bootstrap-servers", bootstrap);
      assertThat(noFlag.err()).contains("news.scored is a live topic").contains("--allow-live-output");
    }

    // Only the notifier runs on: news.raw, news.scored and alerts have no writer, so any change is the replay's.
    ByteArrayOutputStream notifierOut = new ByteArrayOutputStream();
    try (Pipeline notifier = Pipeline.start(config, EnumSet.of(Component.NOTIFIER),
        new PrintStream(notifierOut, true, StandardCharsets.UTF_8), Clock.systemUTC())) {
      String bootstrap = notifier.bootstrapServers();
      List<Rec> scoredBefore = read(bootstrap, Topics.SCORED.name(), TimeRange.ALL);
      List<Rec> alertsBefore = read(bootstrap, Topics.ALERTS.name(), TimeRange.ALL);
      List<Rec> ledgerBefore = read(bootstrap, Topics.DELIVERIES.name(), TimeRange.ALL);
      List<Rec> raw = read(bootstrap, Topics.RAW.name(), day);
      Path model = differentModel();

      long started = System.nanoTime();
      CommandRun replay = CommandRun.of("replay", "score", "--from", day.from().toString(), "--to", day.to().toString(),
          "--model", model.toString(), "--bootstrap-servers", bootstrap, "--json");
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(replay.code()).as(replay.err()).isZero();
      ReplaySummary summary = Json.mapper().readValue(replay.out(), ReplaySummary.class);
      PrintWriter console = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
      console.printf("replay score of %,d raw items took %.1f s%n", raw.size(), seconds);
      summary.print(console);

      String versioned = Topics.SCORED.name() + ".v" + VERSION;
      List<Rec> rescored = read(bootstrap, versioned, TimeRange.ALL);
      assertThat(rescored).hasSize(raw.size());
      assertThat(rescored.stream().map(r -> r.key).toList())
          .containsExactlyInAnyOrderElementsOf(raw.stream().map(r -> r.key).toList());
      Map<String, ScoredNewsItem> now = byItemId(rescored);
      assertThat(now.values()).allSatisfy(s -> assertThat(s.model().version()).isEqualTo(VERSION));

      assertThat(read(bootstrap, Topics.SCORED.name(), TimeRange.ALL)).as("live news.scored").isEqualTo(scoredBefore);
      assertThat(read(bootstrap, Topics.ALERTS.name(), TimeRange.ALL)).as("live alerts").isEqualTo(alertsBefore);
      assertThat(read(bootstrap, Topics.DELIVERIES.name(), TimeRange.ALL)).as("delivery ledger").isEqualTo(ledgerBefore);
      assertThat(notifierOut.toString(StandardCharsets.UTF_8)).as("console receiver").doesNotContain("ALERT");

      Map<String, ScoredNewsItem> before = byItemId(read(bootstrap, Topics.SCORED.name(), day));
      long sentimentChanged = now.values().stream()
          .filter(s -> before.get(s.item().id()).sentiment().label() != s.sentiment().label()).count();
      long topicChanged = now.values().stream()
          .filter(s -> !before.get(s.item().id()).topic().label().equals(s.topic().label())).count();
      assertThat(summary.rescored()).isEqualTo(raw.size());
      assertThat(summary.labels().compared()).isEqualTo(raw.size());
      assertThat(summary.sentimentChanged()).isEqualTo(sentimentChanged).isPositive();
      assertThat(summary.topicChanged()).isEqualTo(topicChanged).isPositive();

      List<Rec> replayAlerts = read(bootstrap, "alerts.replay.v" + VERSION, TimeRange.ALL);
      assertThat(summary.alertsTopic()).isEqualTo("alerts.replay.v" + VERSION);
      assertThat(summary.alertRevisions()).isEqualTo(replayAlerts.size());
      Set<String> replayEpisodes = episodeIds(replayAlerts, day);
      Set<String> liveEpisodes = episodeIds(alertsBefore, day);
      assertThat(summary.episodes().both().size() + summary.episodes().replayOnly().size()).isEqualTo(replayEpisodes.size());
      assertThat(summary.episodes().liveOnly()).allSatisfy(e -> assertThat(liveEpisodes).contains(e.id()));
      assertThat(summary.episodes().liveOnly().size()).isLessThanOrEqualTo(liveEpisodes.size());
    }
  }

  /** A day of simulated news at 2 a minute with no burst, the metrics endpoint off, old alerts not notified. */
  private Map<String, String> dayOfNews() {
    Map<String, String> env = new HashMap<>();
    env.put(ConfigLoader.envName("data-dir"), dataDir.toString());
    env.put(ConfigLoader.envName("metrics.enabled"), "false");
    env.put(ConfigLoader.envName("embedded.simulator.history"), "24h");
    env.put(ConfigLoader.envName("embedded.simulator.items-per-minute"), "2");
    env.put(ConfigLoader.envName("embedded.simulator.burst-duration"), "0s");
    env.put(ConfigLoader.envName("embedded.simulator.burst-items-per-minute"), "0");
    // Every window of the day ends long before it closes (grace 10 s), so the live notifier sends
    // nothing on its own and anything on the console or in the ledger would have come from the replay.
    env.put(ConfigLoader.envName("notifier.max-alert-age"), "1s");
    return env;
  }

  /** A model version truly different from the bundled one: the shipped encoder, heads with seeded random weights. */
  private Path differentModel() throws Exception {
    ModelManifest bundled;
    try (NewsClassifier c = NewsClassifier.loadFrozen(1, 128)) {
      bundled = c.manifest();
    }
    Random random = new Random(7);
    byte[] heads = HeadsGraph.write(List.of(dense(384, bundled.labels().topic().size(), random)),
        List.of(dense(384, 3, random)));
    ModelManifest manifest = new ModelManifest(bundled.name(), VERSION, bundled.created(), bundled.encoder(),
        new ModelManifest.Heads("heads.onnx", ContentHash.of(heads), HeadsGraph.INPUT,
            new ModelManifest.Outputs(HeadsGraph.TOPIC_OUTPUT, HeadsGraph.SENTIMENT_OUTPUT)),
        bundled.labels(), bundled.training());
    Path dir = Files.createDirectories(models.resolve(VERSION));
    Files.write(dir.resolve("heads.onnx"), heads);
    Files.write(dir.resolve(ModelManifest.FILE), manifest.toJson());
    return dir;
  }

  private static HeadsGraph.Dense dense(int in, int out, Random random) {
    float[][] w = new float[in][out];
    for (float[] row : w) {
      for (int j = 0; j < out; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    return new HeadsGraph.Dense(w, new float[out]);
  }

  /** One record as stored: where, when, and its exact key and value bytes. */
  private record Rec(int partition, long offset, long timestamp, String key, byte[] value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Rec r && r.partition == partition && r.offset == offset && r.timestamp == timestamp
          && java.util.Objects.equals(r.key, key) && Arrays.equals(r.value, value);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(partition, offset, timestamp, key) * 31 + Arrays.hashCode(value);
    }
  }

  private static List<Rec> read(String bootstrap, String topic, TimeRange range) {
    Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
    List<Rec> records = new ArrayList<>();
    try (Admin admin = Admin.create(client)) {
      TopicRange.of(admin, topic, range).read(client, r -> records.add(new Rec(r.partition(), r.offset(), r.timestamp(),
          r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.value())), null);
    }
    return records;
  }

  private static Map<String, ScoredNewsItem> byItemId(List<Rec> records) throws Exception {
    Map<String, ScoredNewsItem> items = new HashMap<>();
    for (Rec r : records) {
      ScoredNewsItem s = Topics.SCORED.valueSerde().codec().decode(r.value);
      items.put(s.item().id(), s);
    }
    return items;
  }

  private static Set<String> episodeIds(List<Rec> alerts, TimeRange range) throws Exception {
    Set<String> ids = new HashSet<>();
    for (Rec r : alerts) {
      Alert a = Topics.ALERTS.valueSerde().codec().decode(r.value);
      if (range.contains(a.episodeStart())) {
        ids.add(a.id());
      }
    }
    return ids;
  }

}
