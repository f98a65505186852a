package dev.bellwether.launcher;

import dev.bellwether.classifier.model.ClassifiedText;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.event.ModelId;
import dev.bellwether.kafka.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code score} command: classifies headlines given on the command line and prints the verdicts. */
@Command(
    name = "score",
    header = "Classify headlines: topic, sentiment, score and the model that scored them.",
    mixinStandardHelpOptions = true,
    description = {
      "Classifies each headline with the topic and sentiment model and prints its topic,",
      "sentiment, sentiment score (P(positive) - P(negative), from -1 to 1), flags and the",
      "id of the model that scored it, one block per text.",
      "",
      "Uses the model bundled with Bellwether unless --model names a version directory",
      "written by 'bellwether train'. Runs offline: the encoder ships inside the jar.",
      "",
      "Examples:",
      "  bellwether score \"Acme Corp shares plunge after fraud probe\"",
      "  bellwether score --json \"Fed holds rates\" \"Oil jumps 5%% on supply cut\"",
      "  bellwether score --model models/2026-11-29.1 \"Acme beats estimates\"",
      ""
    })
public final class ScoreCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Headlines to classify.")
  List<String> texts = new ArrayList<>();

  @Option(names = "--json", description = "Print a JSON array instead of text blocks.")
  boolean json;

  @Option(names = "--model", paramLabel = "DIR", description = "Model version directory (default: the bundled model).")
  Path model;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "ONNX Runtime threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "128",
      description = "Longest token sequence scored; longer texts are cut and flagged (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Spec CommandSpec spec;

  /** A command with default options, as picocli creates it. */
  public ScoreCommand() {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (NewsClassifier classifier = model == null
        ? NewsClassifier.loadBundled(threads, maxTokens)
        : NewsClassifier.load(model, threads, maxTokens)) {
      List<ClassifiedText> results = classifier.classifyAll(texts);
      ModelId id = classifier.id();
      if (json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
          ClassifiedText r = results.get(i);
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("text", texts.get(i));
          row.put("topic", r.topic());
          row.put("sentiment", r.sentiment());
          row.put("flags", r.flags());
          row.put("model", id);
          rows.add(row);
        }
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
      } else {
        for (int i = 0; i < texts.size(); i++) {
          ClassifiedText r = results.get(i);
          out.println(texts.get(i));
          out.printf(Locale.ROOT, "  topic:     %s (%.2f)%n", r.topic().label(), r.topic().confidence());
          out.printf(Locale.ROOT, "  sentiment: %s, score %+.3f (negative %.2f, neutral %.2f, positive %.2f)%n",
              r.sentiment().label().label(), r.sentiment().score(), r.sentiment().negative(),
              r.sentiment().neutral(), r.sentiment().positive());
          out.printf("  flags:     %s%n", r.flags().isEmpty() ? "-" : String.join(", ", r.flags()));
          out.printf("  model:     %s%n%n", id.display());
        }
      }
      out.flush();
    }
    return 0;
  }
}
