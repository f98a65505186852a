package dev.bellwether.launcher;

import dev.bellwether.classifier.train.Trainer;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code train} command: trains new topic and sentiment heads and writes a model version. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the topic and sentiment heads on top of the frozen bge-small-en-v1.5 encoder and",
      "writes a new model version directory (manifest.json + heads.onnx) under --out. Prints",
      "progress with an ETA on stderr, then where the version went and its metrics on the",
      "de-duplicated validation splits. The same --seed gives the same head weights.",
      "",
      "--data is a folder holding the three public data sets, as in classifier/MODEL.md:",
      "  twitter-financial-news-sentiment/sent_train.csv, sent_valid.csv   (MIT, zeroshot)",
      "  sentfin-1.0/SEntFiN.csv                                           (MIT, Sinha et al.)",
      "  twitter-financial-news-topic/topic_train.csv, topic_valid.csv, classes.txt (MIT, zeroshot)",
      "Nothing is downloaded; the data is read in place, never copied.",
      "",
      "Examples:",
      "  bellwether train --data /data --cache ~/.cache/bellwether",
      "  bellwether train --data /data --seed 7 --out models",
      ""
    })
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder holding the three data sets.")
  Path data;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "models",
      description = "Folder that receives the new version directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Folder caching sentence vectors by encoder hash, so a rerun skips the encoder (default: none).")
  Path cache;

  @Option(names = "--version-name", paramLabel = "NAME", description = "Version name (default: yyyy-MM-dd.N, the next free one).")
  String version;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "ONNX Runtime threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "128", description = "Longest token sequence encoded (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "Use at most N examples per split, for a quick smoke run; 0 uses all (default).")
  int limit;

  @Spec CommandSpec spec;

  /** A command with default options, as picocli creates it. */
  public TrainCommand() {}

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintStream log = System.err;
    Trainer.Outcome o = Trainer.train(
        new Trainer.Settings(data, out, cache, seed, maxTokens, threads, limit, version), log, Clock.systemUTC());
    stdout.printf("wrote %s%n", o.directory());
    stdout.printf("model %s%n", o.id().display());
    stdout.printf(Locale.ROOT, "sentiment (valid, %d texts): accuracy %.4f, macro-F1 %.4f%n",
        o.sentiment().total(), o.sentiment().accuracy(), o.sentiment().macroF1());
    stdout.printf(Locale.ROOT, "topic (valid, %d texts): accuracy %.4f, macro-F1 %.4f%n",
        o.topic().total(), o.topic().accuracy(), o.topic().macroF1());
    stdout.printf(Locale.ROOT, "took %ds%n", o.wallTime().toSeconds());
    stdout.flush();
    return 0;
  }
}
