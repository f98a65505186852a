package dev.bellwether.launcher;

import dev.bellwether.bench.ReplayBench;
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

/** The {@code bench replay} command: how fast {@code replay alerts} gets through history, and what heap it holds. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    header = "Throughput and heap of 'replay alerts' on generated scored news.",
    description = {
      "Writes --hours of generated scored news (--items-per-minute on average, keyed by story over",
      "--partitions partitions) to news.scored on an in-JVM broker, then runs the engine of",
      "'replay alerts' over it as the command does: read back, alerting evaluated in this process,",
      "alerts written to a replay topic. Prints items per second of the replay (reading included)",
      "(and per CPU second of the replaying thread, which other load disturbs less) and the largest",
      "heap in use right after a garbage collection during it (the broker's included). Progress on stderr.",
      "",
      "Examples:",
      "  bellwether bench replay",
      "  bellwether bench replay --hours 24 --items-per-minute 30 --partitions 6 --json",
      ""
    })
public final class BenchReplayCommand implements Callable<Integer> {

  @Option(names = "--hours", paramLabel = "H", defaultValue = "168", description = "Hours of event time (default: ${DEFAULT-VALUE}, a week).")
  int hours;

  @Option(names = "--items-per-minute", paramLabel = "N", defaultValue = "20",
      description = "Average items per minute (default: ${DEFAULT-VALUE}: about 200,000 items in the default week).")
  int perMinute;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "3", description = "Partitions of news.scored (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the generated news (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML file whose alerts settings to use instead of the shipped defaults (the environment is ignored).")
  Path configFile;

  @Option(names = "--json", description = "Print one JSON object: items, partitions, seconds, items_per_second, items_per_cpu_second,"
          + " alert_revisions, peak_heap_after_gc_bytes.")
  boolean json;

  @Spec CommandSpec spec;

  /** A command with default options, as picocli creates it. */
  public BenchReplayCommand() {}

  @Override
  public Integer call() throws Exception {
    if (hours < 1 || perMinute < 1 || partitions < 1) {
      throw new ParameterException(spec.commandLine(), "--hours, --items-per-minute and --partitions must be at least 1");
    }
    AlertsConfig alerts = new ConfigLoader().load(configFile, Map.of()).alerts();
    ReplayBench.Measured m = ReplayBench.run(alerts, hours, perMinute, partitions, seed, System.err);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.mapper().writeValueAsString(Map.of("items", m.items(), "partitions", m.partitions(),
          "seconds", m.seconds(), "items_per_second", m.itemsPerSecond(), "items_per_cpu_second", m.itemsPerCpuSecond(),
          "alert_revisions", m.alertRevisions(),
          "peak_heap_after_gc_bytes", m.peakHeapAfterGcBytes())));
    } else {
      out.printf("replay bench: %,d items in %d partition(s) replayed in %.1f s: %,.0f items/s (%,.0f per CPU second of"
          + " the replaying thread), %d alert revisions, peak heap after GC %.1f MiB%n", m.items(), m.partitions(),
          m.seconds(), m.itemsPerSecond(), m.itemsPerCpuSecond(),
          m.alertRevisions(), m.peakHeapAfterGcBytes() / 1048576.0);
    }
    out.flush();
    return 0;
  }
}
