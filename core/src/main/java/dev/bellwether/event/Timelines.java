package dev.bellwether.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names of event-time timelines. Polled news runs on the {@link Tick#LIVE live} timeline; each
 * import of a file runs on a timeline of its own, so history can be scored and aggregated beside
 * live news without looking late to it, and its alerts are known to be history.
 */
public final class Timelines {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Timelines() {}

  /** {@code timeline}, or {@link Tick#LIVE} when null or blank. */
  public static String orLive(String timeline) {
    return timeline == null || timeline.isBlank() ? Tick.LIVE : timeline;
  }

  /** Whether {@code timeline} is the live one. */
  public static boolean isLive(String timeline) {
    return Tick.LIVE.equals(orLive(timeline));
  }

  /** A new import timeline started at {@code now}, e.g. {@code import-20261207T122000Z-3f2a}. */
  public static String newImport(Instant now) {
    return "import-" + STAMP.format(now) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }
}
