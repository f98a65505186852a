package dev.bellwether.launcher;

import dev.bellwether.bench.ScaleBench;
import dev.bellwether.kafka.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code bench cluster} command: throughput of 1 against 2 (or more) instances per stage on a local cluster. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    header = "Scale-out: items/s with 1, 2, ... instances of the classifier and alerts on a local 3-node cluster.",
    description = {
      "Starts a local three-node Kafka cluster (as 'bellwether cluster start' does) in a temporary",
      "directory, and for each instance count in --instances, on fresh topics of --partitions partitions:",
      "starts that many 'run --only classifier' and 'run --only alerts' instances, each a JVM of its own",
      "(ONNX Runtime threads per classifier: the cores divided by the instances), waits until they have",
      "joined their groups, writes --items generated headlines to news.raw and times them until every",
      "item is scored (read_committed) and until the last window is closed. Prints items/s and the CPU",
      "seconds of the classifiers, the alerts instances and the Kafka nodes. Progress on stderr.",
      "",
      "Every process shares this machine's cores: with 2 cores, more instances add no CPU, so expect",
      "little gain or a loss here; the CPU seconds per item are the figures to plan a larger cluster with.",
      "",
      "Examples:",
      "  bellwether bench cluster                         1 then 2 instances per stage, 5,000 items each",
      "  bellwether bench cluster --instances 2 --items 5000 --json",
      ""
    })
final class BenchClusterCommand implements Callable<Integer> {

  @Option(names = "--instances", split = ",", paramLabel = "N", defaultValue = "1,2",
      description = "Instances per stage, one run each, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> instances;

  @Option(names = "--items", paramLabel = "N", defaultValue = "5000", description = "Items per run (default: ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "6",
      description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "512m",
      description = "Largest heap of each node's and each instance's JVM (default: ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Keep the cluster and the instances' logs in this new directory instead of a temporary one.")
  Path dir;

  @Option(names = "--json", description = "Print one JSON array instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (instances.isEmpty() || instances.stream().anyMatch(n -> n < 1 || n > partitions)) {
      throw new ParameterException(spec.commandLine(), "--instances " + instances + ": each must be 1.." + partitions
          + " (more instances than partitions leave some idle)");
    }
    if (items < 100 || partitions < 1) {
      throw new ParameterException(spec.commandLine(), "--items " + items + " --partitions " + partitions
          + ": at least 100 items and 1 partition");
    }
    if (!heap.matches("\\d+[kKmMgG]")) {
      throw new ParameterException(spec.commandLine(), "--heap " + heap + ": must be a JVM heap size such as 512m or 1g");
    }
    Path where = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("bellwether-bench-cluster");
    List<ScaleBench.Run> runs = ScaleBench.run(new ScaleBench.Options(instances, items, partitions, heap),
        ClusterCommand.classPath(), where, System.err);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.mapper().writeValueAsString(runs.stream().map(ScaleBench.Run::toJson).toList()));
    } else {
      out.print(ScaleBench.table(runs));
      out.println("cores: " + Runtime.getRuntime().availableProcessors() + "; logs in " + where);
    }
    out.flush();
    return 0;
  }
}
