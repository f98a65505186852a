package dev.bellwether.launcher;

import dev.bellwether.UserFacingException;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.ingest.importer.BadLine;
import dev.bellwether.ingest.importer.FileImporter;
import dev.bellwether.ingest.importer.ImportSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code ingest} command: imports a file of news items into {@code news.raw}. */
@Command(
    name = "ingest",
    header = "Import news items from a JSON-lines or CSV file into news.raw, as the feed poller would.",
    mixinStandardHelpOptions = true,
    description = {
      "Imports news items from a file into the news.raw topic, as the feed poller would write them:",
      "normalised (plain text, canonical URL, tickers and company names from",
      "ingest.company-dictionary, language), exact repeats dropped, syndicated copies linked to the",
      "first item of their story, sorted by publication time and written with it as the record",
      "timestamp, so that windows downstream see event time run forward.",
      "",
      "FILE.jsonl: one JSON object per line with title and published_at, optionally id, url,",
      "  summary, source, entities (an exported news.raw record works as it is).",
      "FILE.csv: a header naming at least title and published_at, optionally id, url, summary,",
      "  source, tickers (separated by spaces, commas or semicolons).",
      "Times: ISO-8601 (2026-11-02T09:00:00Z), RFC 1123 or epoch seconds/milliseconds.",
      "",
      "Bad lines are reported with their line numbers and sent to news.dlq; they never stop the",
      "import. Progress and ETA go to stderr. Exit code 0 when every item was written (bad lines",
      "included), 1 when Kafka refused some.",
      "",
      "Examples:",
      "  bellwether run                          # prints: Bellwether is running [...] on Kafka 127.0.0.1:9192",
      "  bellwether ingest --file news.jsonl --bootstrap-servers 127.0.0.1:9192",
      "  bellwether ingest --file archive.csv --bootstrap-servers kafka:9092 --source archive-2025",
      ""
    })
public final class IngestCommand implements Callable<Integer> {

  @Option(names = "--file", required = true, paramLabel = "FILE", description = "The .jsonl or .csv file to import.")
  Path file;

  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
      description = "Kafka to write to; for a running 'bellwether run', the address it printed.")
  String bootstrapServers;

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML file with settings, as for run: ingest (company dictionary, summary limit, de-duplication)"
          + " and kafka (client overrides).")
  Path configFile;

  @Option(names = "--source", paramLabel = "NAME",
      description = "Source of items that name none (default: the file name).")
  String source;

  @Spec CommandSpec spec;

  /** A command with default options, as picocli creates it. */
  public IngestCommand() {}

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new UserFacingException("--file " + file + ": no such file", null);
    }
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put(ConfigLoader.envName("kafka.bootstrap-servers"), bootstrapServers);
    BellwetherConfig config = new ConfigLoader().load(configFile, env);
    OpsOptions.reachable(config.kafka().clientConfig(bootstrapServers), config.kafka().connectTimeout());
    FileImporter importer = new FileImporter(config.kafka().clientConfig(bootstrapServers), new SimpleMeterRegistry(),
        Clock.systemUTC(), System.err, config.ingest());
    ImportSummary summary;
    try {
      summary = importer.importFile(file, source);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserFacingException("Cannot import " + file + ": " + e.getMessage(), e);
    } catch (KafkaException | IllegalStateException e) {
      // IllegalStateException: news.raw could not be read back to rebuild the de-duplication memory.
      throw new UserFacingException("Cannot use Kafka at " + bootstrapServers + " (" + e.getMessage()
          + "); is 'bellwether run' running, and is this the address it printed?", e);
    }
    for (BadLine bad : summary.badLines()) {
      out.printf("%s:%d: %s%n", file.getFileName(), bad.line(), bad.reason());
    }
    if (summary.bad() > summary.badLines().size()) {
      out.printf("... and %d more bad lines (all are in news.dlq)%n", summary.bad() - summary.badLines().size());
    }
    out.println("Imported " + file + ": " + summary.describe());
    out.flush();
    return summary.failed() == 0 ? 0 : 1;
  }
}
