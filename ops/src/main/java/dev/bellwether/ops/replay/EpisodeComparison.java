package dev.bellwether.ops.replay;

import dev.bellwether.event.Alert;
import dev.bellwether.ops.topics.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alert episodes of a replay against the live ones: an episode (all revisions of one alert id)
 * matches when a live episode of the same scope overlaps it in time. Only episodes that start in
 * the range count on either side.
 *
 * @param both replay episodes that fired live too
 * @param replayOnly replay episodes with no live counterpart: would have fired, did not
 * @param liveOnly live episodes with no replay counterpart: fired, would not have
 */
public record EpisodeComparison(List<Episode> both, List<Episode> replayOnly, List<Episode> liveOnly) {

  /**
   * One alert episode.
   *
   * @param id alert id
   * @param scope scope key
   * @param start episode start
   * @param end end of its latest window
   * @param severity highest severity reached
   */
  public record Episode(String id, String scope, Instant start, Instant end, Alert.Severity severity) {

    boolean overlaps(Episode other) {
      return scope.equals(other.scope) && !start.isAfter(other.end) && !other.start.isAfter(end);
    }
  }

  /** Compares the episodes of {@code replay} alerts with those of {@code live} alerts that start in {@code range}. */
  public static EpisodeComparison compare(List<Alert> live, List<Alert> replay, TimeRange range) {
    List<Episode> liveEpisodes = episodes(live, range);
    List<Episode> replayEpisodes = episodes(replay, range);
    List<Episode> both = new ArrayList<>();
    List<Episode> replayOnly = new ArrayList<>();
    for (Episode e : replayEpisodes) {
      (liveEpisodes.stream().anyMatch(e::overlaps) ? both : replayOnly).add(e);
    }
    List<Episode> liveOnly = liveEpisodes.stream().filter(l -> replayEpisodes.stream().noneMatch(l::overlaps)).toList();
    return new EpisodeComparison(both, replayOnly, liveOnly);
  }

  /** The episodes of {@code alerts} that start in {@code range}, by start. */
  static List<Episode> episodes(List<Alert> alerts, TimeRange range) {
    Map<String, Episode> byId = new LinkedHashMap<>();
    for (Alert a : alerts) {
      if (!range.contains(a.episodeStart())) {
        continue;
      }
      Instant end = a.windowEnd() == null ? a.episodeStart() : a.windowEnd();
      byId.merge(a.id(), new Episode(a.id(), a.scope(), a.episodeStart(), end, a.severity()),
          (x, y) -> new Episode(x.id(), x.scope(), x.start(), x.end().isAfter(y.end()) ? x.end() : y.end(),
              x.severity().compareTo(y.severity()) >= 0 ? x.severity() : y.severity()));
    }
    return byId.values().stream().sorted(Comparator.comparing(Episode::start).thenComparing(Episode::scope)).toList();
  }
}
