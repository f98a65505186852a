package dev.bellwether.bench.ingest;

import dev.bellwether.event.RawNewsItem;
import dev.bellwether.config.DedupConfig;
import dev.bellwether.config.IngestConfig;
import dev.bellwether.ingest.dedup.Deduplicator;
import dev.bellwether.ingest.dedup.StoryClusterer;
import dev.bellwether.ingest.normalize.CompanyDictionary;
import dev.bellwether.ingest.normalize.ItemNormalizer;
import dev.bellwether.ingest.parse.FeedEntry;
import dev.bellwether.ingest.parse.FeedParser;
import dev.bellwether.ingest.parse.MalformedFeedException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Measures the CPU side of ingest without Kafka or the network: parse (Rome) → normalise (plain
 * text, canonical URL, id, language) → tag (cashtags, exchange tickers, the bundled company
 * dictionary) → de-duplicate (seen ids, then stories), over a generated corpus of RSS 2.0
 * documents of {@link #ITEMS_PER_DOCUMENT} items.
 *
 * <p>A warm-up pass over up to 20,000 items (not counted) lets the JIT compile the hot paths first.
 * The latency of an item is its share of its document's parse time plus its own normalise and
 * cluster time; throughput is items over the wall time of the measured pass. Each stage's time
 * per item is reported too, and the measuring thread's CPU time: on a shared machine, items per
 * CPU second move far less with the load than items per second do.
 */
public final class IngestBenchmark {

  /** Items per generated RSS document. */
  public static final int ITEMS_PER_DOCUMENT = 100;
  /** Seed of the generated corpus; the corpus is the same in every run. */
  public static final long SEED = 20261102L;

  /**
   * What one run measured.
   *
   * @param items items processed in the measured pass
   * @param itemsPerSecond throughput of the measured pass
   * @param p50Micros median per-item latency, microseconds
   * @param p99Micros 99th percentile per-item latency, microseconds
   * @param nearDuplicates items linked to an earlier story
   * @param duplicates exact repeats dropped
   * @param seconds wall time of the measured pass
   * @param cpuSeconds CPU time of the measuring thread in the measured pass (0 where the JVM cannot tell)
   * @param parseMicros Rome parsing, microseconds of wall time per item
   * @param normalizeMicros normalising and tagging, microseconds of wall time per item
   * @param dedupMicros de-duplication and story clustering, microseconds of wall time per item
   */
  public record Result(long items, double itemsPerSecond, double p50Micros, double p99Micros, long nearDuplicates,
      long duplicates, double seconds, double cpuSeconds, double parseMicros, double normalizeMicros,
      double dedupMicros) {

    /** Items per second of the measuring thread's CPU time; 0 where it is unknown. */
    public double itemsPerCpuSecond() {
      return cpuSeconds > 0 ? items / cpuSeconds : 0;
    }
  }

  private IngestBenchmark() {}

  /** Generates {@code items} items and measures them; progress goes to {@code progress} (null for none). */
  public static Result run(int items, PrintStream progress) {
    if (items < 1) {
      throw new IllegalArgumentException("items = " + items + ": must be at least 1");
    }
    log(progress, "generating %,d items in RSS documents of %d%n", items, ITEMS_PER_DOCUMENT);
    List<byte[]> warmUp = BenchCorpus.documents(Math.min(items, 20_000), ITEMS_PER_DOCUMENT, SEED + 1);
    List<byte[]> corpus = BenchCorpus.documents(items, ITEMS_PER_DOCUMENT, SEED);
    log(progress, "warming up on %,d items%n", Math.min(items, 20_000));
    pass(warmUp, new long[Math.min(items, 20_000)], null);
    long[] latencies = new long[items];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpu = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
    long cpuStarted = cpu ? threads.getCurrentThreadCpuTime() : 0;
    long started = System.nanoTime();
    long[] counts = pass(corpus, latencies, progress);
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = cpu ? (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9 : 0;
    int n = (int) counts[0];
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    double perItem = 1000.0 * Math.max(1, n);
    return new Result(n, n / seconds, percentile(sorted, 0.50) / 1000.0, percentile(sorted, 0.99) / 1000.0, counts[1],
        counts[2], seconds, cpuSeconds, counts[3] / perItem, counts[4] / perItem, counts[5] / perItem);
  }

  /**
   * Runs the stages over {@code docs}, filling {@code latencies}; returns items, near-duplicates,
   * duplicates and the nanoseconds spent parsing, normalising and de-duplicating.
   */
  private static long[] pass(List<byte[]> docs, long[] latencies, PrintStream progress) {
    FeedParser parser = new FeedParser();
    Instant fetchedAt = Instant.parse("2026-11-30T00:00:00Z");
    Deduplicator stories = new Deduplicator(DedupConfig.DEFAULTS, Clock.fixed(fetchedAt, ZoneOffset.UTC));
    ItemNormalizer normalizer = new ItemNormalizer(CompanyDictionary.bundled(), IngestConfig.DEFAULT_MAX_SUMMARY_CHARS);
    long lastReport = System.nanoTime();
    int n = 0;
    long near = 0;
    long duplicates = 0;
    long parseNanos = 0;
    long normalizeNanos = 0;
    long dedupNanos = 0;
    for (int d = 0; d < docs.size(); d++) {
      long t0 = System.nanoTime();
      List<FeedEntry> entries;
      try {
        entries = parser.parse(docs.get(d));
      } catch (MalformedFeedException e) {
        throw new IllegalStateException("the generated document " + d + " does not parse: " + e.getMessage(), e);
      }
      long parsed = System.nanoTime() - t0;
      parseNanos += parsed;
      long parseShare = parsed / Math.max(1, entries.size());
      for (FeedEntry entry : entries) {
        long t1 = System.nanoTime();
        Optional<RawNewsItem> item = normalizer.item(entry, "bench", "https://bench.example/", List.of(), fetchedAt);
        long t2 = System.nanoTime();
        normalizeNanos += t2 - t1;
        if (item.isPresent()) {
          StoryClusterer.Outcome outcome = stories.assign(item.get()).outcome();
          near += outcome == StoryClusterer.Outcome.NEAR_DUPLICATE ? 1 : 0;
          duplicates += outcome == StoryClusterer.Outcome.DUPLICATE ? 1 : 0;
        }
        long t3 = System.nanoTime();
        dedupNanos += t3 - t2;
        if (n < latencies.length) {
          latencies[n++] = parseShare + t3 - t1;
        }
      }
      if (progress != null && System.nanoTime() - lastReport > 2_000_000_000L) {
        lastReport = System.nanoTime();
        log(progress, "%,d of %,d items (%.0f%%)%n", n, latencies.length, 100.0 * n / latencies.length);
      }
    }
    return new long[] {n, near, duplicates, parseNanos, normalizeNanos, dedupNanos};
  }

  private static long percentile(long[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static void log(PrintStream out, String format, Object... args) {
    if (out != null) {
      out.printf(format, args);
      out.flush();
    }
  }
}
