package dev.bellwether.launcher;

import dev.bellwether.bench.LoadBench;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.kafka.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code bench load} command: the embedded pipeline under a fixed rate of items for a while. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    header = "Sustained load: consumer lag, heap after GC and latency at a fixed rate.",
    description = {
      "Starts an embedded broker in a temporary directory with the scoring and alerting applications",
      "(exactly-once, the real model), produces generated headlines to news.raw at --rate items per",
      "second for --minutes, and samples once a second the consumer lag of both applications and the",
      "heap in use after garbage collection. Prints throughput, lag max/p99, heap after GC (max, and",
      "per half of the run: a second half well above the first suggests a leak) and the time from",
      "produced to scored and readable (read_committed), p50/p99. Progress with an ETA on stderr.",
      "",
      "A rate the machine sustains shows lag staying near zero; above it lag grows all run long.",
      "",
      "Examples:",
      "  bellwether bench load                       50 items/s for 10 minutes",
      "  bellwether bench load --rate 20 --minutes 2 --json",
      ""
    })
final class BenchLoadCommand implements Callable<Integer> {

  @Option(names = "--rate", paramLabel = "N", defaultValue = "50", description = "Items per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--minutes", paramLabel = "M", defaultValue = "10", description = "Minutes of producing; fractions allowed (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML file with settings to change (e.g. classifier batching).")
  Path configFile;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!(rate > 0) || !(minutes > 0)) {
      throw new ParameterException(spec.commandLine(),
          "--rate and --minutes must be positive, got --rate " + rate + " --minutes " + minutes);
    }
    Path dir = Files.createTempDirectory("bellwether-bench-load");
    try {
      BellwetherConfig config = new ConfigLoader().load(configFile, benchEnvironment(dir));
      LoadBench.Result result = measure(config,
          new LoadBench.Options(rate, Duration.ofMillis((long) (minutes * 60_000))), System.err);
      PrintWriter out = spec.commandLine().getOut();
      out.print(json ? Json.mapper().writeValueAsString(result.toJson()) + System.lineSeparator() : result.table());
      out.flush();
      return 0;
    } finally {
      deleteTree(dir);
    }
  }

  /** Settings of the bench's own pipeline: embedded broker in {@code dir}, no simulator, no metrics port. */
  static Map<String, String> benchEnvironment(Path dir) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put(ConfigLoader.envName("kafka.bootstrap-servers"), "");
    env.put(ConfigLoader.envName("data-dir"), dir.toString());
    env.put(ConfigLoader.envName("embedded.simulator.enabled"), "false");
    env.put(ConfigLoader.envName("metrics.enabled"), "false");
    return env;
  }

  /** Starts the scoring and alerting applications on {@code config}'s embedded broker and runs the load. */
  static LoadBench.Result measure(BellwetherConfig config, LoadBench.Options options, PrintStream progress)
      throws InterruptedException {
    progress.println("load: starting an embedded broker with the scoring and alerting applications...");
    try (Pipeline pipeline = Pipeline.start(config, EnumSet.of(Component.CLASSIFIER, Component.ALERTS),
        new PrintStream(PrintStream.nullOutputStream()), Clock.systemUTC())) {
      List<String> groups = List.of(StreamsApp.applicationId(config, "classifier"), StreamsApp.applicationId(config, "alerts"));
      return LoadBench.run(options, pipeline.bootstrapServers(), groups, progress);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
