package dev.bellwether.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bellwether bench}: groups the benchmarks; each prints throughput and latency. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure a stage's throughput and latency on generated data; --json for machines.",
      "Numbers depend on the machine: run on an otherwise idle one.",
    },
    subcommands = {BenchIngestCommand.class, BenchClassifierCommand.class, BenchAlertsCommand.class,
        BenchReplayCommand.class, BenchLoadCommand.class, BenchClusterCommand.class})
final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
