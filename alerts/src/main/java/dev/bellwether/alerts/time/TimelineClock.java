package dev.bellwether.alerts.time;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one partition of the alerting stage knows of one timeline's event time: how far each
 * source partition (of {@code news.scored}) has got, which have ended the timeline, and up to
 * which window end each window group has been closed. The value of the clock store.
 *
 * <p>The timeline's watermark is the least time over all sources: the items of a source come in
 * its own order, so nothing older than its time can still come from it (beyond the grace period),
 * whereas another source may lag far behind after an outage. Windows close on the watermark, never
 * on the newest time seen, so a backlog spread over many partitions gives the same windows as
 * the same news read in order.
 *
 * @param sources the time (epoch ms) each source has reached
 * @param ended the sources that have ended the timeline
 * @param closedThrough per window group, the end (epoch ms) of the last window closed
 * @param finished whether every source ended it and its last windows have closed
 * @param watchingSince the end (epoch ms) of the first window this partition closed on the
 *     timeline: how long it has watched it (the emerging rule counts a company's past stories only
 *     once it watched a whole {@code rate-days}); null before the first, and in a clock stored
 *     before it existed, which then starts watching at its next window
 */
public record TimelineClock(
    Map<Integer, Long> sources, Set<Integer> ended, Map<String, Long> closedThrough, boolean finished,
    Long watchingSince) {

  /** Copies the maps. */
  public TimelineClock {
    sources = sources == null ? Map.of() : Map.copyOf(sources);
    ended = ended == null ? Set.of() : Set.copyOf(ended);
    closedThrough = closedThrough == null ? Map.of() : Map.copyOf(closedThrough);
  }

  /** The clock of a timeline never seen. */
  public static TimelineClock start() {
    return new TimelineClock(Map.of(), Set.of(), Map.of(), false, null);
  }

  /** This clock after {@code source} reported {@code time}, and its end when {@code end}. */
  public TimelineClock withSource(int source, long time, boolean end) {
    Map<Integer, Long> nextSources = new HashMap<>(sources);
    nextSources.merge(source, time, Math::max);
    Set<Integer> nextEnded = ended;
    if (end && !ended.contains(source)) {
      nextEnded = new HashSet<>(ended);
      nextEnded.add(source);
    }
    return new TimelineClock(nextSources, nextEnded, closedThrough, finished, watchingSince);
  }

  /**
   * The watermark over sources {@code 0 .. count - 1}: {@link Long#MIN_VALUE} while one has not
   * reported, {@link Long#MAX_VALUE} once all have ended.
   */
  public long watermark(int count) {
    if (finished) {
      return Long.MAX_VALUE;
    }
    long least = Long.MAX_VALUE;
    for (int source = 0; source < count; source++) {
      if (ended.contains(source)) {
        continue;
      }
      Long time = sources.get(source);
      if (time == null) {
        return Long.MIN_VALUE;
      }
      least = Math.min(least, time);
    }
    return least;
  }

  /** The end of the last closed window of {@code group}, or {@link Long#MIN_VALUE} when none closed. */
  public long closedThrough(String group) {
    return closedThrough.getOrDefault(group, Long.MIN_VALUE);
  }

  /**
   * This clock with the windows of {@code group} closed through {@code end}, watching since
   * {@code firstEnd} unless it watched before.
   */
  public TimelineClock withClosed(String group, long end, long firstEnd) {
    Map<String, Long> next = new HashMap<>(closedThrough);
    next.put(group, end);
    return new TimelineClock(sources, ended, next, finished, watchingSince == null ? firstEnd : watchingSince);
  }

  /** This clock with the timeline finished: everything of it closed, later items late. */
  public TimelineClock finish() {
    return new TimelineClock(sources, ended, closedThrough, true, watchingSince);
  }
}
