package dev.bellwether.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A mark of event-time progress on one partition of {@code news.raw} or {@code news.scored}: the
 * writer of {@link #timeline()} has sent this partition everything it had published up to
 * {@link #time()}, so the partition's stream time has reached it even when no item of its own
 * says so. Ticks let a partition that gets no news (a quiet hour, a small import) keep up with the
 * others; with {@link #end()} set, the timeline has ended and everything of it may be closed.
 *
 * <p>Ticks travel on the item topics themselves, in order with the items, marked by the
 * {@code bellwether-tick} header (see {@code dev.bellwether.kafka.Ticks}); readers of those topics
 * skip them.
 *
 * @param schemaVersion version of this contract
 * @param timeline the timeline whose time this is: {@link #LIVE} for polled feeds, or an import's own
 * @param time the latest publication time the writer has sent on this timeline
 * @param end true when the timeline has ended: no more items of it will come
 * @param partition the partition this tick was written to, so that a stage keeps it on the same
 *     partition number downstream
 */
public record Tick(int schemaVersion, String timeline, Instant time, boolean end, int partition) {

  /** The contract version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  /** The timeline of news polled from feeds: what is happening now. */
  public static final String LIVE = "live";

  /** Checks the fields. */
  public Tick {
    schemaVersion = SchemaVersions.check(schemaVersion, SCHEMA_VERSION, "Tick");
    timeline = Timelines.orLive(timeline);
    Objects.requireNonNull(time, "time is missing");
  }

  /** A tick of {@code timeline} at {@code time} for {@code partition}. */
  public static Tick at(String timeline, Instant time, int partition) {
    return new Tick(SCHEMA_VERSION, timeline, time, false, partition);
  }

  /** The tick that ends {@code timeline}, whose last item was published at {@code last}. */
  public static Tick end(String timeline, Instant last, int partition) {
    return new Tick(SCHEMA_VERSION, timeline, last, true, partition);
  }

  /** This tick as written to {@code other}. */
  public Tick onPartition(int other) {
    return new Tick(schemaVersion, timeline, time, end, other);
  }
}
