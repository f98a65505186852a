package dev.bellwether.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.UserFacingException;
import dev.bellwether.classifier.model.ModelLoadException;
import dev.bellwether.classifier.model.StoredModel;
import dev.bellwether.classifier.train.Calibration;
import dev.bellwether.classifier.train.Calibrator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code calibrate} command: fits each head's temperature and writes a calibrated version. */
@Command(
    name = "calibrate",
    header = "Fit each head's temperature so its probabilities match how often it is right.",
    mixinStandardHelpOptions = true,
    description = {
      "Makes a model version's probabilities honest: fits one temperature per head (topic and",
      "sentiment) on the dev split its training held out, and writes a copy of the version whose",
      "heads divide their logits by it. Predictions stay the same; probabilities, confidences",
      "and the sentiment score P(positive) - P(negative) shrink or grow until they match how",
      "often the model is right. Prints the temperature and, on dev and on the de-duplicated",
      "validation split, the expected calibration error (ECE), the mean confidence, the accuracy",
      "and the log loss, before and after.",
      "",
      "--data is the folder of the three data sets the model was trained on (see 'train --help');",
      "the dev split is rebuilt from it with the model's training seed (or --seed).",
      "The new version gets its own model id; serve it with classifier.model-dir, check it with",
      "'bellwether evaluate --model DIR'. Takes about a minute on 2 cores.",
      "",
      "Examples:",
      "  bellwether calibrate --data /data                         (the bundled model)",
      "  bellwether calibrate --data /data --model models/2026-12-01.ft1 --version-name 2026-12-01.ft1-cal",
      ""
    })
public final class CalibrateCommand implements Callable<Integer> {

  @Mixin TrainingDataOptions dataOptions;

  @Option(names = "--model", paramLabel = "DIR", description = "Model version directory (default: the bundled model).")
  Path model;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seed of the dev split (default: the seed in the model's manifest, else 42).")
  Long seed;

  @Spec CommandSpec spec;

  /** A command with default options, as picocli creates it. */
  public CalibrateCommand() {}

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    Calibrator.Outcome o;
    try {
      StoredModel stored = StoredModel.read(model);
      JsonNode trainedWith = stored.manifest().training() == null ? null : stored.manifest().training().get("seed");
      long devSeed = seed != null ? seed : trainedWith != null && trainedWith.canConvertToLong() ? trainedWith.asLong() : 42;
      o = Calibrator.calibrate(stored, dataOptions.settings(devSeed), System.err, Clock.systemUTC());
    } catch (IllegalArgumentException | ModelLoadException e) {
      throw new UserFacingException("calibrate: " + e.getMessage(), e);
    }
    stdout.printf("%-9s %11s  %-6s %13s %13s %13s %13s%n", "head", "temperature", "split", "ECE", "confidence",
        "accuracy", "log loss");
    row(stdout, "topic", o.topic());
    row(stdout, "sentiment", o.sentiment());
    stdout.printf("wrote %s%n", o.directory());
    stdout.printf("model %s%n", o.id().display());
    stdout.printf("check it: bellwether evaluate --task topic --data FILE.csv --model %s%n", o.directory());
    stdout.flush();
    return 0;
  }

  private static void row(PrintWriter out, String head, Calibrator.Head h) {
    line(out, head, String.format(Locale.ROOT, "%.3f", h.dev().temperature()), "dev", h.dev().before(), h.dev().after());
    line(out, "", "", "valid", h.validBefore(), h.validAfter());
  }

  private static void line(PrintWriter out, String head, String t, String split, Calibration.Quality before,
      Calibration.Quality after) {
    out.printf(Locale.ROOT, "%-9s %11s  %-6s %13s %13s %13s %13s%n", head, t, split,
        change(before.ece(), after.ece()), change(before.confidence(), after.confidence()),
        change(before.accuracy(), after.accuracy()), change(before.nll(), after.nll()));
  }

  private static String change(double before, double after) {
    return String.format(Locale.ROOT, "%.3f->%.3f", before, after);
  }
}
