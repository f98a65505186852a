package dev.bellwether.launcher;

import dev.bellwether.bench.ingest.IngestBenchmark;
import dev.bellwether.kafka.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code bench ingest} command: measures parse, normalise, ticker tagging and story clustering. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    header = "Items/s of parsing, normalising, ticker tagging and story clustering.",
    description = {
      "Measures the CPU side of ingest without Kafka or the network: parse RSS 2.0 (Rome),",
      "normalise (plain text, canonical URL, id), tag tickers and cluster into stories, over a",
      "generated corpus (fixed seed) of documents of 100 items with syndicated copies and exact",
      "repeats mixed in. Prints items per second (of wall and of CPU time), per-item latency p50/p99",
      "and where the time goes (microseconds per item of each stage); progress on stderr.",
      "",
      "Examples:",
      "  bellwether bench ingest",
      "  bellwether bench ingest --items 20000 --json",
      ""
    })
public final class BenchIngestCommand implements Callable<Integer> {

  @Option(names = "--items", paramLabel = "N", defaultValue = "100000", description = "Items to measure (default: ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--json", description = "Print one JSON object: items, items_per_second, items_per_cpu_second, "
      + "p50_us, p99_us, stage_us (parse, normalize, dedup).")
  boolean json;

  @Spec CommandSpec spec;

  /** A command with default options, as picocli creates it. */
  public BenchIngestCommand() {}

  @Override
  public Integer call() throws Exception {
    if (items < 1) {
      throw new ParameterException(spec.commandLine(), "--items must be at least 1, got " + items);
    }
    IngestBenchmark.Result r = IngestBenchmark.run(items, System.err);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("items", r.items());
      m.put("items_per_second", Math.round(r.itemsPerSecond()));
      m.put("items_per_cpu_second", Math.round(r.itemsPerCpuSecond()));
      m.put("p50_us", Math.round(r.p50Micros() * 10) / 10.0);
      m.put("p99_us", Math.round(r.p99Micros() * 10) / 10.0);
      m.put("near_duplicates", r.nearDuplicates());
      m.put("duplicates", r.duplicates());
      m.put("seconds", Math.round(r.seconds() * 100) / 100.0);
      m.put("cpu_seconds", Math.round(r.cpuSeconds() * 100) / 100.0);
      Map<String, Object> stages = new LinkedHashMap<>();
      stages.put("parse", Math.round(r.parseMicros() * 10) / 10.0);
      stages.put("normalize", Math.round(r.normalizeMicros() * 10) / 10.0);
      stages.put("dedup", Math.round(r.dedupMicros() * 10) / 10.0);
      m.put("stage_us", stages);
      out.println(Json.mapper().writeValueAsString(m));
    } else {
      out.printf("ingest bench: %,d items in %.2f s: %,.0f items/s, per item p50 %.1f us, p99 %.1f us "
          + "(%,d near-duplicates linked, %,d duplicates dropped)%n", r.items(), r.seconds(), r.itemsPerSecond(),
          r.p50Micros(), r.p99Micros(), r.nearDuplicates(), r.duplicates());
      out.printf("  %,.0f items per CPU second (%.2f s of CPU); per item: parse %.1f us, normalise and tag %.1f us, "
          + "dedup %.1f us%n", r.itemsPerCpuSecond(), r.cpuSeconds(), r.parseMicros(), r.normalizeMicros(),
          r.dedupMicros());
    }
    out.flush();
    return 0;
  }
}
