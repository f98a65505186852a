package dev.bellwether.launcher;

import dev.bellwether.bench.ClassifierBench;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.kafka.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code bench classifier} command: measures the encoder, the full model, the scoring topology and its latency. */
@Command(
    name = "classifier",
    mixinStandardHelpOptions = true,
    header = "Throughput and latency of the encoder, the full model and the scoring topology.",
    description = {
      "Measures the classifier on generated financial headlines (fixed seed, varied lengths):",
      "the encoder alone and the full model in batches of 32 sorted by length, one text per call",
      "as a reference, then the scoring topology (exactly-once) on an in-JVM broker in a temporary",
      "directory, and end-to-end latency (produced to readable read_committed) at half the",
      "topology's throughput. Prints texts/s and p50/p99 per path; progress on stderr.",
      "",
      "Examples:",
      "  bellwether bench classifier",
      "  bellwether bench classifier --texts 500 --json",
      "  bellwether bench classifier --model models/2026-12-01.ft4",
      ""
    })
public final class BenchClassifierCommand implements Callable<Integer> {

  @Option(names = "--texts", paramLabel = "N", defaultValue = "2000", description = "Headlines per path (default: ${DEFAULT-VALUE}).")
  int texts;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "200", description = "Headlines run through each path before measuring (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "ONNX Runtime threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--end-to-end-seconds", paramLabel = "S", defaultValue = "20",
      description = "Seconds of producing at half capacity; 0 skips the broker (default: ${DEFAULT-VALUE}).")
  int endToEndSeconds;

  @Option(names = "--model", paramLabel = "DIR",
      description = "Model version directory to measure, e.g. a fine-tuned one (default: the bundled model).")
  Path model;

  @Option(names = "--batch-size", paramLabel = "N",
      description = "The scoring topology's micro-batch, as classifier.batch-size (default: that setting's default, ${DEFAULT-VALUE}).")
  int batchSize = new ConfigLoader().load(null, Map.of()).classifier().batchSize();

  @Option(names = "--stream-threads", paramLabel = "N", defaultValue = "1",
      description = "Stream threads (and partitions) of the scoring topology; each scores with --threads / N "
          + "ONNX Runtime threads (default: ${DEFAULT-VALUE}).")
  int streamThreads;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  /** A command with default options, as picocli creates it. */
  public BenchClassifierCommand() {}

  @Override
  public Integer call() throws Exception {
    if (texts < 1) {
      throw new ParameterException(spec.commandLine(), "--texts must be at least 1, got " + texts);
    }
    if (warmup < 0 || threads < 1 || endToEndSeconds < 0 || batchSize < 1 || streamThreads < 1) {
      throw new ParameterException(spec.commandLine(), "--warmup and --end-to-end-seconds must be at least 0 and "
          + "--threads, --batch-size and --stream-threads at least 1, got " + warmup + ", " + endToEndSeconds + ", "
          + threads + ", " + batchSize + " and " + streamThreads);
    }
    if (model != null && !Files.isDirectory(model)) {
      throw new ParameterException(spec.commandLine(), "--model " + model + ": not a directory; give a model version "
          + "directory as written by 'bellwether train --out'");
    }
    ClassifierBench.Result r = ClassifierBench.run(
        new ClassifierBench.Options(texts, warmup, threads, 128, Duration.ofSeconds(endToEndSeconds), model, batchSize,
            streamThreads),
        System.err);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.mapper().writeValueAsString(r.toJson()));
    } else {
      out.print(r.table());
    }
    out.flush();
    return 0;
  }
}
