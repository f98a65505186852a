package dev.bellwether.ingest.importer;

import java.time.Duration;
import java.util.List;

/**
 * What one import did.
 *
 * @param read items read from the file (lines or CSV records, the header excluded)
 * @param sent items written to {@code news.raw}: new stories plus near-duplicates, less failed sends
 * @param duplicates exact repeats dropped (same URL or same text)
 * @param nearDuplicates items written linked to an earlier story
 * @param bad lines that could not be read; each went to the dead-letter topic
 * @param failed items Kafka refused
 * @param badLines the first {@link FileImporter#BAD_LINES_KEPT} bad lines, in file order
 * @param elapsed wall time of the import
 * @param timeline the event-time timeline the items were sent on (see {@code Timelines})
 */
public record ImportSummary(
    long read, long sent, long duplicates, long nearDuplicates, long bad, long failed, List<BadLine> badLines,
    Duration elapsed, String timeline) {

  /** Copies the list. */
  public ImportSummary {
    badLines = List.copyOf(badLines);
  }

  /** One line for a person: the counts and the time taken. */
  public String describe() {
    return String.format("read %d, sent %d (%d near-duplicates linked to earlier stories), %d duplicates dropped, "
        + "%d bad lines, %d failed sends, in %.1f s, on timeline %s", read, sent, nearDuplicates, duplicates, bad,
        failed, elapsed.toMillis() / 1000.0, timeline);
  }
}
