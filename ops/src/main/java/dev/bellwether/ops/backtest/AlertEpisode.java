package dev.bellwether.ops.backtest;

import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One alert episode as a backtest reports it: when it was first raised, its peak, when it
 * resolved, and the headlines that raised it.
 *
 * @param id the alert id
 * @param scope the scope key
 * @param severity the highest severity it reached
 * @param firstFiredAt when it was raised: the end of the window of its first revision, the
 *     moment the live stage would have published it
 * @param peak the revision with the highest z-score
 * @param resolvedAt when it resolved, null when it was still open at the end of the data
 * @param revisions revisions published
 * @param headlines the headlines of its first revision, most negative first
 */
public record AlertEpisode(
    String id, String scope, Alert.Severity severity, Instant firstFiredAt, Alert peak, Instant resolvedAt,
    int revisions, List<Headline> headlines) {

  /** Copies the headlines. */
  public AlertEpisode {
    headlines = List.copyOf(headlines);
  }

  /** The episodes of {@code alerts} (revisions in any order), by the time they were first raised. */
  public static List<AlertEpisode> of(List<Alert> alerts) {
    Map<String, List<Alert>> byId = new LinkedHashMap<>();
    for (Alert a : alerts) {
      byId.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(a);
    }
    List<AlertEpisode> episodes = new ArrayList<>();
    for (List<Alert> revisions : byId.values()) {
      revisions.sort(Comparator.comparingInt(Alert::revision));
      Alert first = revisions.get(0);
      Alert last = revisions.get(revisions.size() - 1);
      Alert peak = revisions.stream().filter(a -> a.status() == Alert.Status.FIRING)
          .max(Comparator.comparingDouble(Alert::zScore)).orElse(first);
      episodes.add(new AlertEpisode(first.id(), first.scope(), last.severity(), first.updatedAt(), peak,
          last.status() == Alert.Status.RESOLVED ? last.updatedAt() : null, revisions.size(), first.headlines()));
    }
    episodes.sort(Comparator.comparing(AlertEpisode::firstFiredAt).thenComparing(AlertEpisode::scope));
    return List.copyOf(episodes);
  }

  /** Whether one of its headlines names one of {@code words} as a whole word (any case); true when none are given. */
  public boolean headlinesName(List<String> words) {
    return words.isEmpty() || headlines.stream().anyMatch(h -> MarketEvent.mentions(h.title(), words));
  }
}
