package dev.bellwether.ingest.importer;

import dev.bellwether.Progress;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.dedup.StoryClusterer;
import dev.bellwether.ingest.normalize.ItemNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The news items of a {@code .jsonl} or {@code .csv} file, plain or gzipped, normalised and tagged
 * as the feed poller does ({@link ItemNormalizer}) and sorted by publication time, without sending
 * them anywhere: what {@code backtest} reads. The lines that are not items are listed with their
 * reasons. (See {@link NewsFileReader} for the fields.)
 *
 * @param items the items, oldest first
 * @param bad the lines that could not be read, in file order
 */
public record NewsFile(List<RawNewsItem> items, List<BadLine> bad) {

  /** Copies the lists. */
  public NewsFile {
    items = List.copyOf(items);
    bad = List.copyOf(bad);
  }

  /**
   * Reads {@code file}, normalising with {@code normalizer}; items without a source of their own
   * get the file name. Progress goes to {@code progress} (null for none).
   *
   * @throws IOException when the file cannot be read, or a CSV file has no usable header
   * @throws IllegalArgumentException when the file name ends neither in .jsonl/.ndjson nor .csv
   *     (optionally followed by .gz)
   */
  public static NewsFile read(Path file, ItemNormalizer normalizer, Instant fetchedAt, PrintStream progress)
      throws IOException {
    boolean csv = isCsv(file);
    NewsFileReader reader = new NewsFileReader(normalizer, file.getFileName().toString(), fetchedAt);
    List<RawNewsItem> items = new ArrayList<>();
    List<BadLine> bad = new ArrayList<>();
    long size = Math.max(1, Files.size(file));
    CountingInputStream counted = new CountingInputStream(Files.newInputStream(file));
    Progress reading = new Progress(progress, "reading " + file.getFileName(), "lines", size,
        progress == System.err && System.console() != null, System::nanoTime);
    try (InputStream in = gzipped(file) ? new GZIPInputStream(counted, 64 * 1024) : counted) {
      Consumer<NewsFileReader.Line> sink = line -> {
        if (line instanceof NewsFileReader.Item item) {
          items.add(item.item());
        } else {
          NewsFileReader.Bad b = (NewsFileReader.Bad) line;
          bad.add(new BadLine(b.number(), b.reason()));
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
    return new NewsFile(items, bad);
  }

  /**
   * Whether {@code file} is CSV (rather than JSON lines), by its name.
   *
   * @throws IllegalArgumentException naming the file when its name says neither
   */
  static boolean isCsv(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - ".gz".length());
    }
    boolean csv = name.endsWith(".csv");
    if (!csv && !name.endsWith(".jsonl") && !name.endsWith(".ndjson") && !name.endsWith(".json")) {
      throw new IllegalArgumentException(
          "file " + file + ": must end in .jsonl (one JSON object per line) or .csv, optionally gzipped (.jsonl.gz, .csv.gz)");
    }
    return csv;
  }

  private static boolean gzipped(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
  }
}
