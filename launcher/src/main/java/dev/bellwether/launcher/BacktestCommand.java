package dev.bellwether.launcher;

import dev.bellwether.UserFacingException;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.kafka.Json;
import dev.bellwether.ops.backtest.Backtest;
import dev.bellwether.ops.backtest.BacktestReport;
import dev.bellwether.ops.backtest.MarketEvent;
import dev.bellwether.ops.topics.TimeRange;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bellwether backtest}: what the alert rules would have raised over a dated news file. */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    header = "Run the whole pipeline offline over a dated news file and list the alerts it would have raised.",
    description = {
      "Reads the file (.jsonl or .csv, as 'ingest --file' takes them, optionally gzipped), normalises,",
      "tags and de-duplicates it as ingest does, scores it with the model, and runs the alerting",
      "stage's own windows and spike rule over it in publication order, all in this process: no",
      "Kafka, nothing notified. Prints every alert episode (scope, first fired, peak, resolved, the",
      "headlines that raised it), the episodes per scope per week, and with --events the delay",
      "from each event's first story to its first alert.",
      "",
      "Scores are kept in a cache (--cache) keyed by the model and the text, so a second run, after",
      "a change of alerts settings in --config, scores nothing and takes seconds: tune the rule",
      "by editing the file and running again. Progress and time left go to stderr.",
      "",
      "Events file: one event a line, TIME,SCOPE-PATTERN,LABEL[,WORD|WORD...] (commas or tabs;",
      "# starts a comment). Only alerts in scopes matching the pattern (a scope key or a glob:",
      "market, topic:*, entity:ACME) count; with words, the delay runs from the first story whose",
      "headline names one of them, and the alert's headlines must name one too.",
    },
    footer = {
      "",
      "Examples:",
      "  bellwether backtest news-2023-01.jsonl.gz",
      "  bellwether backtest news-2023-01.jsonl.gz --config rules.yaml --from 2023-01-09 --events events.csv",
      "  bellwether backtest news.csv --json > backtest.json",
      "",
      "Times: 2023-01-25T04:00:00Z, 2023-01-25T09:30:00+05:30, 2023-01-25T04:00 (UTC) or 2023-01-25.",
    })
public final class BacktestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "News file: .jsonl or .csv, optionally .gz.")
  Path file;

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML settings, as for run: alerts (windows, spike rule), ingest (company dictionary, de-duplication), classifier.")
  Path configFile;

  @Option(names = "--from", paramLabel = "TIME",
      description = "Report alerts from this publication time; earlier items still teach the baselines.")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "Stop before this publication time.")
  String to;

  @Option(names = "--events", paramLabel = "FILE", description = "Known events to measure alert delays against (see above).")
  Path eventsFile;

  @Option(names = "--model", paramLabel = "DIR",
      description = "Model version directory (from 'train'); default: classifier.model-dir, or the bundled model.")
  Path modelDir;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Where scores are kept between runs (default: <data-dir>/backtest-cache).")
  Path cacheDir;

  @Option(names = "--scored-out", paramLabel = "FILE",
      description = "Also write every scored item (warm-up included) to FILE as JSON lines, as news.scored holds them.")
  Path scoredOut;

  @Option(names = "--json", description = "Print one JSON object: episodes (scope, first_fired_at, peak, resolved_at, "
      + "headlines, ...), episodes_per_scope_week, events (delay_minutes, ...), seconds, ...")
  boolean json;

  /** A command with default options, as picocli creates it. */
  public BacktestCommand() {}

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserFacingException("no such file: " + file, null);
    }
    BellwetherConfig config = new ConfigLoader().load(configFile, System.getenv());
    TimeRange range = TimeRange.parse(from, to);
    List<MarketEvent> events = eventsFile == null ? List.of() : MarketEvent.read(eventsFile);
    Path cache = cacheDir != null ? cacheDir : config.dataDir().resolve("backtest-cache");
    Supplier<NewsClassifier> models = () -> modelDir != null
        ? NewsClassifier.load(modelDir, config.classifier().intraOpThreads(), config.classifier().maxTokens())
        : NewsClassifier.load(config.classifier());
    Backtest.Result result;
    try {
      result = Backtest.run(config, new Backtest.Options(file, range, cache, scoredOut), models, System.err);
    } catch (NoSuchFileException e) {
      throw new UserFacingException("no such file: " + e.getFile(), e);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    BacktestReport report = BacktestReport.of(result, range.from(), events);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.mapper().writeValueAsString(report.toJson(file.getFileName().toString())));
    } else {
      report.print(out, file.getFileName().toString());
    }
    out.flush();
    return 0;
  }
}
