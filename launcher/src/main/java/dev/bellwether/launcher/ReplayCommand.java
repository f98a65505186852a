package dev.bellwether.launcher;

import dev.bellwether.UserFacingException;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.Durations;
import dev.bellwether.ops.replay.ReplaySummary;
import dev.bellwether.ops.replay.Replays;
import dev.bellwether.ops.topics.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bellwether replay}: rescores history with another model version, or reruns alerting dry. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    header = "Rescore a time range with another model version, or rerun alerting in dry-run mode.",
    description = {
      "Replays never write a live topic unless told to (" + Replays.ALLOW_LIVE + "), and never notify:",
      "rescored items go to a versioned topic (news.scored.v<model version>) and replayed alerts to",
      "alerts.replay.<id>, which the notifier does not read. Both end with a summary comparing the",
      "replay with what the live pipeline wrote: label changes by class, and alert episodes that",
      "would have fired but did not, and the reverse. The live pipeline may keep running meanwhile.",
    },
    footer = {
      "",
      "Examples:",
      "  bellwether replay score --from 2026-11-29 --to 2026-11-30 --model models/2026-11-30.1 \\",
      "      --bootstrap-servers 127.0.0.1:9192",
      "  bellwether replay alerts --scored news.scored.v2026-11-30.1 --bootstrap-servers 127.0.0.1:9192",
    },
    subcommands = {ReplayCommand.Score.class, ReplayCommand.Alerts.class})
final class ReplayCommand implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code replay score}. */
  @Command(
      name = "score",
      header = "Rescore a time range of news.raw with another model version; rerun alerting on it, dry.",
      mixinStandardHelpOptions = true,
      description = {
        "Rescore the news.raw records published in [--from, --to) with the model version --model into",
        "news.scored.v<version> (same keys, timestamps and partitioning as news.scored), then run",
        "alerting dry over them into alerts.replay.v<version> and compare both with the live topics.",
        "Reading stops at the end offsets news.raw had when the replay started. Progress and ETA go",
        "to stderr, the summary to stdout. Refused when the output topic already holds records",
        "(--replace recreates it) or is live without " + Replays.ALLOW_LIVE + "; a live output is refused",
        "anyway while the scoring application runs.",
      },
      footer = {
        "",
        "Times: 2026-11-29T08:00:00Z, 2026-11-29T09:00:00+01:00, 2026-11-29T08:00 (UTC) or 2026-11-29.",
      })
  static final class Score implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin OpsOptions ops;

    @Option(names = "--from", paramLabel = "TIME", required = true, description = "First publication time rescored.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", required = true, description = "End of the range (excluded).")
    String to;

    @Option(names = "--model", paramLabel = "DIR|VERSION", required = true,
        description = "Model version directory (from 'train'), a version name under --models-dir, or 'bundled'.")
    String model;

    @Option(names = "--models-dir", paramLabel = "DIR", defaultValue = "models",
        description = "Where version names are looked up (default: ${DEFAULT-VALUE}).")
    Path modelsDir;

    @Option(names = "--output", paramLabel = "TOPIC", description = "Scored topic to write (default: news.scored.v<version>).")
    String output;

    @Option(names = "--compare-with", paramLabel = "TOPIC", defaultValue = "news.scored",
        description = "Topic holding the previous scores to compare labels with (default: ${DEFAULT-VALUE}).")
    String compareWith;

    @Option(names = "--no-alerts", description = "Only rescore; skip the alerting dry run and the alert comparison.")
    boolean noAlerts;

    @Option(names = "--alerts-output", paramLabel = "TOPIC", description = "Replay alerts topic (default: alerts.replay.v<version>).")
    String alertsOutput;

    @Option(names = "--replace", description = "Delete and recreate replay topics that already hold records.")
    boolean replace;

    @Option(names = Replays.ALLOW_LIVE, description = "Allow --output or --alerts-output to name a live topic.")
    boolean allowLive;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() {
      BellwetherConfig config = ops.config();
      Replays.ScoreRequest request = new Replays.ScoreRequest(TimeRange.parse(from, to), modelDir(), output,
          compareWith, !noAlerts, alertsOutput, allowLive, replace);
      return print(spec, Replays.score(config, OpsOptions.client(config), request, Clock.systemUTC()), json);
    }

    private Path modelDir() {
      if ("bundled".equals(model)) {
        return null;
      }
      Path dir = Path.of(model);
      if (Files.isDirectory(dir)) {
        return dir;
      }
      if (Files.isDirectory(modelsDir.resolve(model))) {
        return modelsDir.resolve(model);
      }
      throw new UserFacingException("--model " + model + " is neither a directory nor a version under "
          + modelsDir.toAbsolutePath() + "; give the directory 'train' wrote, or --models-dir", null);
    }
  }

  /** {@code replay alerts}. */
  @Command(
      name = "alerts",
      header = "Rerun window aggregation and the spike rule over a scored topic, dry.",
      mixinStandardHelpOptions = true,
      description = {
        "Rebuild window aggregates and alert evaluation from a scored topic in dry-run mode: the live",
        "alerting topology runs inside this process over the topic's records in [--from, --to), in",
        "publication-time order (partitions merged as they are read, as Kafka Streams orders them;",
        "memory stays flat however long the range). The --warmup before --from is fed first so",
        "baselines are learned; only alerts of windows ending after --from are written and compared.",
        "At the end of the range, stream time is moved past the grace of the last window ending by",
        "--to (by the last record's windows when --to is open), so those windows are evaluated too.",
        "Alerts go to alerts.replay.<id> only; nothing is notified. The summary compares its alert",
        "episodes with those on the live alerts topic that start in the range (same scope, overlapping).",
      })
  static final class Alerts implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin OpsOptions ops;

    @Option(names = "--scored", paramLabel = "TOPIC", required = true,
        description = "Scored topic to read, e.g. news.scored.v2026-11-30.1 or news.scored.")
    String scored;

    @Option(names = "--from", paramLabel = "TIME", description = "First publication time (default: the beginning).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the range, excluded (default: the end).")
    String to;

    @Option(names = "--warmup", paramLabel = "DURATION",
        description = "Records this long before --from are fed first, their alerts not reported (e.g. 45m, 4h, 0s;"
            + " default: the window size plus warm-up-windows window advances, the most any scope needs: 45m with the"
            + " shipped settings). Ignored without --from.")
    String warmup;

    @Option(names = "--id", paramLabel = "ID", description = "Replay id: alerts go to alerts.replay.<id> (default: the time now, yyyyMMdd-HHmmss).")
    String id;

    @Option(names = "--replace", description = "Delete and recreate the replay topic if it already holds records.")
    boolean replace;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() {
      BellwetherConfig config = ops.config();
      String replayId = id != null ? id
          : DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Clock.systemUTC().instant());
      String output = "alerts.replay." + dev.bellwether.ops.topics.OutputTopic.sanitize(replayId);
      Duration lead = warmup == null ? Replays.defaultWarmup(config.alerts()) : warmup();
      Replays.AlertsRequest request =
          new Replays.AlertsRequest(TimeRange.parse(from, to), lead, scored, output, false, replace);
      return print(spec, Replays.alerts(config, OpsOptions.client(config), request), json);
    }

    private Duration warmup() {
      try {
        Duration d = Durations.parse(warmup);
        if (d.isNegative()) {
          throw new IllegalArgumentException("negative");
        }
        return d;
      } catch (RuntimeException e) {
        throw new UserFacingException("--warmup " + warmup + " is not a duration: write e.g. 45m, 4h or 0s", e);
      }
    }
  }

  private static int print(picocli.CommandLine.Model.CommandSpec spec, ReplaySummary summary, boolean json) {
    java.io.PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(summary.toJson());
    } else {
      summary.print(out);
    }
    out.flush();
    return 0;
  }
}
