package dev.bellwether.launcher;

import dev.bellwether.UserFacingException;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.train.Evaluation;
import dev.bellwether.classifier.train.LabeledText;
import dev.bellwether.classifier.train.NearDuplicates;
import dev.bellwether.classifier.train.Task;
import dev.bellwether.kafka.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code evaluate} command: measures a model on a labelled CSV. */
@Command(
    name = "evaluate",
    header = "Score a labelled CSV: accuracy, per-class F1, confusion matrix and calibration.",
    mixinStandardHelpOptions = true,
    description = {
      "Scores every row of a labelled CSV and prints per-class precision, recall and F1,",
      "macro and weighted averages, accuracy and the confusion matrix (or JSON with --json).",
      "",
      "The CSV has a header with columns 'text' and 'label'. Labels are names:",
      "  sentiment: negative, neutral, positive (also bearish, bullish);",
      "  topic: the names in twitter-financial-news-topic/classes.txt.",
      "Numeric labels are read as the original data sets' ids, so their files work as they are:",
      "  sentiment: 0 = bearish, 1 = bullish, 2 = neutral (twitter-financial-news-sentiment);",
      "  topic: the line number in classes.txt, from 0 (twitter-financial-news-topic).",
      "The file is scored as given, or with --distinct without repeats (the first of texts that",
      "are equal once cleaned, lower-cased and stripped of punctuation), which is how the model",
      "card's validation figures are computed. Remove near-duplicates of the training data",
      "first for an honest number on other files.",
      "",
      "Examples:",
      "  bellwether evaluate --task sentiment --data /data/twitter-financial-news-sentiment/sent_valid.csv --distinct",
      "  bellwether evaluate --task topic --data my-topics.csv --model models/2026-11-29.1 --json",
      ""
    })
public final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--task", required = true, paramLabel = "TASK", description = "sentiment or topic.")
  String task;

  @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Labelled CSV (text,label).")
  Path data;

  @Option(names = "--model", paramLabel = "DIR", description = "Model version directory (default: the bundled model).")
  Path model;

  @Option(names = "--distinct", description = "Score each text once: drop repeats (as training does for its validation splits).")
  boolean distinct;

  @Option(names = "--json", description = "Print the metrics as JSON.")
  boolean json;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "ONNX Runtime threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "128", description = "Longest token sequence scored (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Spec CommandSpec spec;

  /** A command with default options, as picocli creates it. */
  public EvaluateCommand() {}

  @Override
  public Integer call() throws Exception {
    Task t;
    try {
      t = Task.valueOf(task.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--task must be sentiment or topic, got '" + task + "'");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (NewsClassifier classifier = model == null
        ? NewsClassifier.loadBundled(threads, maxTokens)
        : NewsClassifier.load(model, threads, maxTokens)) {
      List<LabeledText> read = t.readCsv(data, t.labels(classifier));
      if (read.isEmpty()) {
        throw new UserFacingException("--data " + data + " has a header but no rows: nothing to evaluate; give a CSV"
            + " with text,label rows", null);
      }
      List<LabeledText> examples = distinct ? NearDuplicates.distinct(read) : read;
      Evaluation e = Evaluation.of(classifier, t, examples);
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", t.label());
        m.put("data", data.toString());
        m.put("repeats_dropped", read.size() - examples.size());
        m.put("model", classifier.id());
        m.putAll(e.toMap());
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(m));
      } else {
        out.printf("%s on %s (%d texts%s), model %s%n%n", t.label(), data, e.total(),
            distinct ? ", " + (read.size() - examples.size()) + " repeats dropped" : "", classifier.id().display());
        out.print(e.report());
      }
      out.flush();
    }
    return 0;
  }
}
