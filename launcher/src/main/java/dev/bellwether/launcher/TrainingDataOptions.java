package dev.bellwether.launcher;

import dev.bellwether.classifier.train.Trainer;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of the commands that read the labelled data sets and write a model version
 * ({@code train}, {@code calibrate}): where the data is, where the version goes, and how texts
 * are encoded.
 */
final class TrainingDataOptions {

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder holding the three data sets.")
  Path data;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "models",
      description = "Folder that receives the new version directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--version-name", paramLabel = "NAME", description = "Version name (default: yyyy-MM-dd.N, the next free one).")
  String version;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Folder caching sentence vectors by encoder hash, so a rerun skips the encoder (default: none).")
  Path cache;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "ONNX Runtime threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "128", description = "Longest token sequence encoded (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "Use at most N examples per split, for a quick smoke run; 0 uses all (default).")
  int limit;

  /** The settings these options give, with {@code seed} for every random choice. */
  Trainer.Settings settings(long seed) {
    return new Trainer.Settings(data, out, cache, seed, maxTokens, threads, limit, version);
  }
}
