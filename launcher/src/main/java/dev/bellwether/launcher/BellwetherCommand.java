package dev.bellwether.launcher;

import picocli.CommandLine.Command;

/** The root {@code bellwether} command; it only groups the subcommands. */
@Command(
    name = "bellwether",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Bellwether watches financial news for spikes of negative sentiment.",
      "",
      "News flows from feeds into Kafka, is scored for topic and sentiment by an ONNX model,",
      "aggregated in windows per topic, company and market, and raises alerts when negative",
      "sentiment spikes against its baseline.",
    },
    footer = {
      "",
      "Start here:",
      "  ./bellwether run                     everything in one JVM on an embedded Kafka broker,",
      "                                       with a simulated newswire (watch for ALERT lines)",
      "  ./bellwether score \"Acme Corp shares plunge after fraud probe\"",
      "  ./bellwether silence add --scope entity:ACME --for 2h --comment \"earnings call\" \\",
      "      --bootstrap-servers HOST:PORT    hold back notifications for one company for a while",
      "",
      "Configuration: every setting and its default is in bellwether-defaults.yaml (core module);",
      "override with --config FILE or BELLWETHER_* environment variables. See docs/configuration.md.",
    },
    subcommands = {
      RunCommand.class,
      ScoreCommand.class,
      TrainCommand.class,
      CalibrateCommand.class,
      EvaluateCommand.class,
      IngestCommand.class,
      BenchCommand.class,
      SilenceCommand.class,
      ReplayCommand.class,
      ResetCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      BacktestCommand.class,
      ClusterCommand.class
    })
final class BellwetherCommand implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
