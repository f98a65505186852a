package dev.bellwether.launcher;

import dev.bellwether.bench.alerts.AlertQualityBench;
import dev.bellwether.bench.alerts.Scorecard;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.kafka.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code bench alerts} command: measures how well the shipped spike rule finds injected spikes. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    header = "Detection quality of the spike rule on generated news with injected spikes.",
    description = {
      "Measures detection quality of the alerting topology under the default alert settings:",
      "replays generated news (seeded; 8 entities, 5 topics and the market; diurnal volume;",
      "injected negative spikes of 2x, 3x and 5x; volume surges and syndicated copies that must not",
      "alert) through the real topology without Kafka, and prints recall by spike size, false",
      "alerts per scope per day and the median detection delay in window advances. Three streams",
      "are replayed, one per kind of spike: share (the negative share times the factor at unchanged",
      "volume, 10 to 30 minutes), volume (share and volume times the factor, 10 to 30 minutes) and",
      "slow (share and volume rising to the factor over 2 to 3 hours), each after --warm-up-days",
      "days of calm news that are not scored. Next to the raw figures (the",
      "targets are on them) it prints the same for the detectable spikes alone: those whose own",
      "stories' sentiments carried at least ln 1440 nats of evidence (what a test knowing the spike",
      "exactly would need for one false alarm per scope per day), with the delay counted from the",
      "moment they did. Progress on stderr.",
      "",
      "Examples:",
      "  bellwether bench alerts",
      "  bellwether bench alerts --hours 48 --seed 7 --json",
      ""
    })
public final class BenchAlertsCommand implements Callable<Integer> {

  @Option(names = "--hours", paramLabel = "H", defaultValue = "24", description = "Hours of event time to replay (default: ${DEFAULT-VALUE}).")
  int hours;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the generated stream (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML file whose alerts settings to measure instead of the shipped defaults (the environment is ignored).")
  Path configFile;

  @Option(names = "--warm-up-days", paramLabel = "D", defaultValue = "3",
      description = "Days of calm news before the measured hours, which teach the baselines as a running system's would "
          + "have learned them (hours of the day need 3 to be trusted); 0 starts cold (default: ${DEFAULT-VALUE}).")
  int warmUpDays;

  @Option(names = "--kinds", paramLabel = "KIND", split = ",", defaultValue = "share,volume,slow",
      description = "Kinds of spike to replay, each in a stream of its own: share, volume, slow (default: ${DEFAULT-VALUE}).")
  List<String> kinds;

  @Option(names = "--json", description = "Print one JSON object: the share kind's recall, recall_by_size, false_alerts_per_scope_day, "
          + "median_delay_windows, recall_detectable, ..., spikes, scopes, hours at the top level (as before kinds existed), "
          + "and every kind's under its name (share, volume, slow).")
  boolean json;

  @Spec CommandSpec spec;

  /** A command with default options, as picocli creates it. */
  public BenchAlertsCommand() {}

  @Override
  public Integer call() throws Exception {
    if (hours < 1) {
      throw new ParameterException(spec.commandLine(), "--hours must be at least 1, got " + hours);
    }
    if (warmUpDays < 0) {
      throw new ParameterException(spec.commandLine(), "--warm-up-days must be at least 0, got " + warmUpDays);
    }
    for (String kind : kinds) {
      if (!AlertQualityBench.KINDS.contains(kind)) {
        throw new ParameterException(spec.commandLine(), "--kinds: '" + kind + "' is not one of " + AlertQualityBench.KINDS);
      }
    }
    // The shipped defaults (or the given file) alone, not the environment: a run is repeatable.
    AlertsConfig alerts = new ConfigLoader().load(configFile, Map.of()).alerts();
    Map<String, Scorecard> cards = new LinkedHashMap<>();
    for (String kind : kinds) {
      cards.put(kind, AlertQualityBench.run(alerts, hours, seed, kind, warmUpDays, System.err));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> all = new LinkedHashMap<>();
      Scorecard share = cards.get("share");
      if (share != null) {
        all.putAll(share.toJson());
      }
      all.put("warm_up_days", warmUpDays);
      cards.forEach((kind, card) -> all.put(kind, card.toJson()));
      out.println(Json.mapper().writeValueAsString(all));
    } else {
      cards.values().forEach(card -> print(out, card));
    }
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, Scorecard card) {
    {
      out.printf("alerts bench, %s spikes: %d h, %d scopes, %,d items, %d spikes, %d distractors, in %.1f s%n",
          card.kind(), card.hours(), card.scopes(), card.items(), card.spikes(), card.distractors(), card.seconds());
      out.printf("  recall %s overall (%d/%d); by size:", percent(card.recall()), card.detected(), card.spikes());
      card.recallBySize().forEach((size, r) -> out.printf(" %s %s", size, percent(r)));
      out.println();
      out.printf("  false alerts %.3f per scope per day (%d; plus %d collateral in scopes a spike also touched)%n",
          card.falseAlertsPerScopeDay(), card.falseAlerts(), card.collateral());
      out.printf("  median detection delay %s window advances from spike start; by size:",
          advances(card.medianDelayWindows()));
      card.medianDelayBySize().forEach((size, d) -> out.printf(" %s %s", size, advances(d)));
      out.println();
      out.printf("  detectable spikes: recall %s (%d/%d); by size:", percent(card.recallDetectable()),
          card.detectedDetectable(), card.detectable());
      card.recallDetectableBySize().forEach((size, r) -> out.printf(" %s %s", size, percent(r)));
      out.println();
      out.printf("    %d spikes excluded: their own stories carried under ln 1440 = %.1f nats of evidence%n",
          card.undetectable(), Math.log(1440));
      out.printf("    median delay %s window advances from the moment the evidence was there%n",
          advances(card.medianDelayAfterEvidenceWindows()));
      out.printf("    an oracle weighing the sentiment of each spike's stories, knowing its scope, start and size,"
          + " could alert %s advances after its start (median)%n", advances(card.medianEvidentWindows()));
    }
  }

  private static String advances(double v) {
    return Double.isNaN(v) ? "n/a" : String.format("%.1f", v);
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "n/a" : String.format("%.0f%%", 100 * v);
  }
}
