package dev.bellwether.ingest.importer;

import dev.bellwether.Progress;
import dev.bellwether.config.DedupConfig;
import dev.bellwether.config.IngestConfig;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.Timelines;
import dev.bellwether.ingest.IngestMetrics;
import dev.bellwether.ingest.dedup.Deduplicator;
import dev.bellwether.ingest.dedup.RawTopicRestore;
import dev.bellwether.ingest.dedup.StoryClusterer;
import dev.bellwether.ingest.normalize.ItemNormalizer;
import dev.bellwether.ingest.produce.NewsProducer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Imports a file of news items into {@code news.raw}: reads {@code .jsonl} or {@code .csv}, plain or
 * gzipped (see {@link NewsFileReader} for the fields), normalises and tags each item with the feed
 * poller's own {@link ItemNormalizer} (company dictionary included), sorts all items
 * by publication time, clusters them into stories (exact repeats dropped, near-duplicates linked)
 * and produces them in that order on a timeline of their own ({@link Timelines#newImport}): the
 * stages downstream score and aggregate the import as history beside live news, with its own event
 * time, windows and baselines, and never notify its alerts. Ticks every {@link #TICK_EVERY} items
 * keep every partition's event time moving, and the end tick closes the timeline's last windows.
 *
 * <p>Before sending, the importer rebuilds the same de-duplication memory as the feed poller
 * ({@link Deduplicator}, restored by {@link RawTopicRestore} from the tail of {@code news.raw} when
 * {@link DedupConfig#restore()} is set), so importing a file twice, or a file overlapping what the
 * feeds already sent, sends each item once.
 *
 * <p>A bad line never stops an import: it is counted, reported with its line number and sent to the
 * dead-letter topic. The whole file is held in memory to be sorted (about 1 KB per item), which suits
 * files up to a few hundred thousand items; split larger ones by time.
 */
public final class FileImporter {

  /** Items sent between two ticks of the import's timeline. */
  static final int TICK_EVERY = 1_000;

  /** Bad lines kept in the summary; all are counted and dead-lettered. */
  public static final int BAD_LINES_KEPT = 100;
  /** Default ingest settings; of these an import uses only the normaliser's and the de-duplication memory's. */
  private static final IngestConfig DEFAULTS =
      new IngestConfig(List.of(), "Bellwether import", Duration.ofSeconds(10), 1024 * 1024, false);
  /** Longest the read-back of {@code news.raw} may take. */
  static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(2);
  private final Map<String, Object> clientConfig;
  private final Map<String, Object> kafkaClientConfig;
  private final DedupConfig dedup;
  private final ItemNormalizer normalizer;
  private final IngestMetrics metrics;
  private final Clock clock;
  private final PrintStream progress;

  /**
   * As {@link #FileImporter(Map, MeterRegistry, Clock, PrintStream, IngestConfig)} with the default
   * ingest settings (bundled company dictionary, default summary limit and de-duplication memory).
   */
  public FileImporter(Map<String, Object> kafkaClientConfig, MeterRegistry registry, Clock clock, PrintStream progress) {
    this(kafkaClientConfig, registry, clock, progress, DEFAULTS);
  }

  /**
   * An importer writing with {@code kafkaClientConfig} (at least {@code bootstrap.servers}),
   * counting in {@code registry}, printing progress to {@code progress} (null for none), normalising
   * and tagging items as the feed poller does under {@code ingest} ({@link ItemNormalizer#of}: its
   * company dictionary and summary limit) and remembering what was sent as its {@code dedup} says.
   */
  public FileImporter(Map<String, Object> kafkaClientConfig, MeterRegistry registry, Clock clock, PrintStream progress,
      IngestConfig ingest) {
    this.clientConfig = Map.copyOf(kafkaClientConfig);
    this.dedup = ingest.dedup();
    this.normalizer = ItemNormalizer.of(ingest);
    this.kafkaClientConfig = new HashMap<>(kafkaClientConfig);
    this.kafkaClientConfig.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "bellwether-import");
    // A broker that cannot be reached should fail the import in seconds, not after the default minute.
    this.kafkaClientConfig.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    this.metrics = new IngestMetrics(registry);
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * Imports {@code file}; items without a source of their own get {@code source} (the file name
   * when null). Blocks until every record is acknowledged or refused.
   *
   * @throws IOException when the file cannot be read, or a CSV file has no usable header
   * @throws IllegalArgumentException when the file name ends neither in .jsonl/.ndjson nor .csv
   */
  public ImportSummary importFile(Path file, String source) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean gzip = name.endsWith(".gz");
    if (gzip) {
      name = name.substring(0, name.length() - ".gz".length());
    }
    boolean csv = name.endsWith(".csv");
    if (!csv && !name.endsWith(".jsonl") && !name.endsWith(".ndjson") && !name.endsWith(".json")) {
      throw new IllegalArgumentException(
          "file " + file + ": must end in .jsonl (one JSON object per line) or .csv, optionally gzipped (.jsonl.gz, .csv.gz)");
    }
    long started = System.nanoTime();
    NewsFileReader reader = new NewsFileReader(normalizer,
        source == null || source.isBlank() ? file.getFileName().toString() : source, clock.instant());
    List<RawNewsItem> items = new ArrayList<>();
    List<NewsFileReader.Bad> bad = new ArrayList<>();
    long size = Math.max(1, Files.size(file));
    // Progress counts the bytes of the file as stored, compressed or not.
    CountingInputStream counted = new CountingInputStream(Files.newInputStream(file));
    Progress reading = new Progress(progress, "reading " + file.getFileName(), "lines", size, false, System::nanoTime);
    try (InputStream in = gzip ? new GZIPInputStream(counted, 64 * 1024) : counted) {
      java.util.function.Consumer<NewsFileReader.Line> sink = line -> {
        if (line instanceof NewsFileReader.Item item) {
          items.add(item.item());
        } else {
          bad.add((NewsFileReader.Bad) line);
        }
        reading.update(counted.count(), items.size() + bad.size());
      };
      if (csv) {
        reader.readCsv(in, sink);
      } else {
        reader.readJsonLines(in, sink);
      }
    }
    items.sort(StoryClusterer.OLDEST_FIRST);
    return send(file, items, bad, started);
  }

  private ImportSummary send(Path file, List<RawNewsItem> items, List<NewsFileReader.Bad> bad, long started) {
    Deduplicator stories = new Deduplicator(dedup, clock);
    if (dedup.restore()) {
      RawTopicRestore.Summary r = RawTopicRestore.restore(clientConfig, stories, dedup, clock, RESTORE_TIMEOUT);
      if (progress != null) {
        progress.printf("remembered %,d items already in news.raw (%,d records read in %d ms)%n", r.restored(),
            r.records(), r.elapsed().toMillis());
      }
    }
    long duplicates = 0;
    long nearDuplicates = 0;
    long handed = 0;
    AtomicLong failed = new AtomicLong();
    AtomicLong failedTicks = new AtomicLong();
    Progress sending = new Progress(progress, "sending to news.raw", "items", items.size(), false, System::nanoTime);
    String timeline = Timelines.newImport(clock.instant());
    try (NewsProducer producer = new NewsProducer(kafkaClientConfig)) {
      for (NewsFileReader.Bad b : bad) {
        metrics.deadLetter();
        producer.sendDeadLetter(file.getFileName() + ":" + b.number(),
            DeadLetter.of("ingest", file.toString(), -1, -1, file.getFileName() + ":" + b.number(),
                "line " + b.number() + ": " + b.reason(), b.raw(), clock.instant()),
            error -> failed.incrementAndGet());
      }
      int done = 0;
      for (RawNewsItem item : items) {
        StoryClusterer.Assignment a = stories.assign(item);
        metrics.item(a.outcome().tag());
        switch (a.outcome()) {
          case DUPLICATE -> duplicates++;
          case NEAR_DUPLICATE -> nearDuplicates++;
          case NEW -> { }
        }
        if (a.outcome() != StoryClusterer.Outcome.DUPLICATE) {
          producer.send(a.item().onTimeline(timeline), error -> {
            failed.incrementAndGet();
            metrics.sendError();
          });
          handed++;
          if (handed % TICK_EVERY == 0) {
            producer.tick(timeline, error -> failedTicks.incrementAndGet());
          }
        }
        sending.update(++done, done);
      }
      producer.endTimeline(timeline, error -> failedTicks.incrementAndGet());
    }
    if (failedTicks.get() > 0 && progress != null) {
      progress.printf("%d ticks of timeline %s were refused: its last windows stay open (see docs/architecture.md,"
          + " Event time)%n", failedTicks.get(), timeline);
    }
    List<BadLine> kept = bad.stream().limit(BAD_LINES_KEPT).map(b -> new BadLine(b.number(), b.reason())).toList();
    return new ImportSummary(items.size() + bad.size(), handed - failed.get(), duplicates, nearDuplicates, bad.size(),
        failed.get(), kept, Duration.ofNanos(System.nanoTime() - started), timeline);
  }
}
