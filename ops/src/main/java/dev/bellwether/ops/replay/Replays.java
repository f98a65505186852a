package dev.bellwether.ops.replay;

import dev.bellwether.Progress;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ClassifierConfig;
import dev.bellwether.config.SpikeRuleOverride;
import dev.bellwether.event.Alert;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.kafka.Decoded;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import dev.bellwether.ops.topics.LiveTopics;
import dev.bellwether.ops.topics.OutputTopic;
import dev.bellwether.ops.topics.TimeRange;
import dev.bellwether.ops.topics.TopicRange;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The two replays as the commands run them: check the outputs are safe to write, prepare them,
 * rescore and/or run alerting dry, and compare with what the live pipeline wrote.
 */
public final class Replays {

  /** The flag that allows writing a live topic. */
  public static final String ALLOW_LIVE = "--allow-live-output";
  private static final JsonCodec<ScoredNewsItem> SCORED = Topics.SCORED.valueSerde().codec();
  private static final JsonCodec<Alert> ALERT = Topics.ALERTS.valueSerde().codec();

  /**
   * A rescoring.
   *
   * @param range event-time range of {@code news.raw} to rescore
   * @param modelDir model version directory; null for the bundled model
   * @param output scored topic to write; null for {@code news.scored.v<version>}
   * @param compareWith scored topic holding the previous scores
   * @param alerts whether to run alerting dry over the rescored items
   * @param alertsOutput replay alerts topic; null for {@code alerts.replay.v<version>}
   * @param allowLive whether a live output topic may be written
   * @param replace whether a non-empty replay topic may be deleted and recreated
   */
  public record ScoreRequest(TimeRange range, Path modelDir, String output, String compareWith, boolean alerts,
      String alertsOutput, boolean allowLive, boolean replace) {}

  /**
   * An alerting dry run.
   *
   * @param range event-time range of the scored topic whose alerts are reported
   * @param warmup how long before the range records are fed first, so baselines are learned
   * @param scored scored topic to read
   * @param output replay alerts topic to write
   * @param allowLive whether a live output topic may be written
   * @param replace whether a non-empty replay topic may be deleted and recreated
   */
  public record AlertsRequest(TimeRange range, Duration warmup, String scored, String output, boolean allowLive,
      boolean replace) {}

  private Replays() {}

  /** Rescores, compares labels and, when asked, runs alerting dry over the result. */
  public static ReplaySummary score(BellwetherConfig config, Map<String, Object> client, ScoreRequest request,
      Clock clock) {
    try (Admin admin = Admin.create(client)) {
      if (request.output() != null) {
        LiveTopics.checkOutput(admin, config.kafka(), request.output(), request.allowLive(), ALLOW_LIVE);
      }
      TopicRange raw = TopicRange.of(admin, Topics.RAW.name(), request.range());
      ClassifierConfig c = config.classifier();
      try (NewsClassifier classifier = request.modelDir() == null
          ? NewsClassifier.loadBundled(c.intraOpThreads(), c.maxTokens())
          : NewsClassifier.load(request.modelDir(), c.intraOpThreads(), c.maxTokens())) {
        String id = "v" + OutputTopic.sanitize(classifier.id().version());
        String output = request.output() != null ? request.output() : Topics.SCORED.name() + "." + id;
        if (!LiveTopics.isLive(output)) {
          OutputTopic.prepare(admin, output, Topics.SCORED, Topics.SCORED.name(), request.replace());
        }
        String alertsOutput = request.alertsOutput() != null ? request.alertsOutput() : "alerts.replay." + id;
        if (request.alerts()) {
          LiveTopics.checkOutput(admin, config.kafka(), alertsOutput, request.allowLive(), ALLOW_LIVE);
        }
        ScoreReplay.Result rescored = ScoreReplay.run(client, raw, output, classifier,
            new ScoreReplay.Scoring(c.batchSize(), c.maxChunks(), c.titleWeight()), clock,
            Progress.onStderr("replay score", "records", raw.offsets()));
        LabelChanges changes = LabelChanges.compare(previousLabels(admin, client, request.compareWith(),
            request.range()), rescored.labels());
        AlertReplay.Result alerts = null;
        EpisodeComparison episodes = null;
        if (request.alerts()) {
          // The versioned topic holds the range alone: its dry run starts from empty baselines.
          AlertsRequest dry = new AlertsRequest(request.range(), Duration.ZERO, output, alertsOutput, request.allowLive(),
              request.replace());
          alerts = runAlerts(admin, config, client, dry);
          episodes = EpisodeComparison.compare(liveAlerts(admin, client, request.range()), alerts.alerts(),
              request.range());
        }
        return new ReplaySummary(request.range().toString(), classifier.id().display(), output, rescored.read(),
            rescored.rescored(), rescored.unreadable(), changes.sentimentChanged(), changes.topicChanged(), changes,
            alerts == null ? null : alerts.output(), alerts == null ? 0 : alerts.items(),
            alerts == null ? 0 : alerts.warmupItems(), alerts == null ? 0 : alerts.alerts().size(), episodes);
      }
    }
  }

  /** Runs alerting dry over a scored topic and compares its episodes with the live ones. */
  public static ReplaySummary alerts(BellwetherConfig config, Map<String, Object> client, AlertsRequest request) {
    try (Admin admin = Admin.create(client)) {
      LiveTopics.checkOutput(admin, config.kafka(), request.output(), request.allowLive(), ALLOW_LIVE);
      AlertReplay.Result alerts = runAlerts(admin, config, client, request);
      EpisodeComparison episodes = EpisodeComparison.compare(liveAlerts(admin, client, request.range()),
          alerts.alerts(), request.range());
      return new ReplaySummary(request.range().toString(), null, request.scored(), 0, 0, 0, 0, 0, null,
          alerts.output(), alerts.items(), alerts.warmupItems(), alerts.alerts().size(), episodes);
    }
  }

  private static AlertReplay.Result runAlerts(Admin admin, BellwetherConfig config, Map<String, Object> client,
      AlertsRequest request) {
    TimeRange read = request.range().from().equals(Instant.MIN) || request.warmup().isZero()
        ? request.range() : new TimeRange(request.range().from().minus(request.warmup()), request.range().to());
    TopicRange scored = TopicRange.of(admin, request.scored(), read);
    if (!LiveTopics.isLive(request.output())) {
      OutputTopic.prepare(admin, request.output(), Topics.ALERTS, Topics.ALERTS.name(), request.replace());
    }
    return AlertReplay.run(client, scored, request.range().from(), request.output(), config.alerts(),
        Progress.onStderr("replay alerts over " + request.scored(), "offsets", scored.offsets()));
  }

  /**
   * The warm-up the spike rule needs before a scope may alert: its first window filled, then
   * warm-up-windows window advances, for the scope kind or scope that needs most.
   */
  public static Duration defaultWarmup(AlertsConfig alerts) {
    int windows = alerts.spike().warmUpWindows();
    for (SpikeRuleOverride o : alerts.spike().byKind().values()) {
      windows = Math.max(windows, o.warmUpWindows() == null ? 0 : o.warmUpWindows());
    }
    for (SpikeRuleOverride o : alerts.spike().overrides()) {
      windows = Math.max(windows, o.warmUpWindows() == null ? 0 : o.warmUpWindows());
    }
    return alerts.window().size().plus(alerts.window().advance().multipliedBy(windows));
  }

  /** The labels of the scored items in {@code range} of {@code topic}, by item id; the latest score wins. */
  static Map<String, Labels> previousLabels(Admin admin, Map<String, Object> client, String topic, TimeRange range) {
    Map<String, Labels> labels = new HashMap<>();
    TopicRange previous = TopicRange.of(admin, topic, range);
    previous.read(client, r -> {
      Decoded<ScoredNewsItem> d = Decoded.of(SCORED, r.value());
      if (d.ok()) {
        labels.put(d.value().item().id(), Labels.of(d.value()));
      }
    }, Progress.onStderr("read " + topic, "records", previous.offsets()));
    return labels;
  }

  /** Live alert revisions whose episode starts in {@code range} (alerts are stamped with their window's end, so read on to the end). */
  static List<Alert> liveAlerts(Admin admin, Map<String, Object> client, TimeRange range) {
    List<Alert> alerts = new ArrayList<>();
    TopicRange live = TopicRange.of(admin, Topics.ALERTS.name(), new TimeRange(range.from(), Instant.MAX));
    live.read(client, r -> {
      Decoded<Alert> d = Decoded.of(ALERT, r.value());
      if (d.ok() && range.contains(d.value().episodeStart())) {
        alerts.add(d.value());
      }
    }, null);
    return alerts;
  }
}
