package dev.bellwether.launcher;

import dev.bellwether.bench.alerts.AlertQualityBench;
import dev.bellwether.bench.alerts.Scorecard;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.kafka.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
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
      "injected negative spikes of 2x, 3x and 5x the usual negative share; volume surges and",
      "syndicated copies that must not alert) through the real topology without Kafka, and prints",
      "recall by spike size, false alerts per scope per day and the median detection delay in",
      "window advances. Next to these raw figures (the targets are on them) it prints the same for",
      "the detectable spikes alone: those whose own stories carried at least ln 1440 nats of",
      "evidence (what a test knowing the spike exactly would need for one false alarm per scope per",
      "day), with the delay counted from the moment they did. Progress on stderr.",
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

  @Option(names = "--json", description = "Print one JSON object: recall, recall_by_size, false_alerts_per_scope_day, median_delay_windows, "
          + "recall_detectable, recall_detectable_by_size, undetectable_spikes, median_delay_after_evidence_windows, spikes, scopes, hours, ...")
  boolean json;

  @Spec CommandSpec spec;

  /** A command with default options, as picocli creates it. */
  public BenchAlertsCommand() {}

  @Override
  public Integer call() throws Exception {
    if (hours < 1) {
      throw new ParameterException(spec.commandLine(), "--hours must be at least 1, got " + hours);
    }
    // The shipped defaults (or the given file) alone, not the environment: a run is repeatable.
    AlertsConfig alerts = new ConfigLoader().load(configFile, Map.of()).alerts();
    Scorecard card = AlertQualityBench.run(alerts, hours, seed, System.err);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.mapper().writeValueAsString(card.toJson()));
    } else {
      out.printf("alerts bench: %d h, %d scopes, %,d items, %d spikes, %d distractors, in %.1f s%n",
          card.hours(), card.scopes(), card.items(), card.spikes(), card.distractors(), card.seconds());
      out.printf("  recall %s overall (%d/%d); by size:", percent(card.recall()), card.detected(), card.spikes());
      card.recallBySize().forEach((size, r) -> out.printf(" %s %s", size, percent(r)));
      out.println();
      out.printf("  false alerts %.3f per scope per day (%d; plus %d collateral in scopes a spike also touched)%n",
          card.falseAlertsPerScopeDay(), card.falseAlerts(), card.collateral());
      out.printf("  median detection delay %s window advances from spike start%n", advances(card.medianDelayWindows()));
      out.printf("  detectable spikes: recall %s (%d/%d); by size:", percent(card.recallDetectable()),
          card.detectedDetectable(), card.detectable());
      card.recallDetectableBySize().forEach((size, r) -> out.printf(" %s %s", size, percent(r)));
      out.println();
      out.printf("    %d spikes excluded: their own stories carried under ln 1440 = %.1f nats of evidence%n",
          card.undetectable(), Math.log(1440));
      out.printf("    median delay %s window advances from the moment the evidence was there%n",
          advances(card.medianDelayAfterEvidenceWindows()));
    }
    out.flush();
    return 0;
  }

  private static String advances(double v) {
    return Double.isNaN(v) ? "n/a" : String.format("%.1f", v);
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "n/a" : String.format("%.0f%%", 100 * v);
  }
}
