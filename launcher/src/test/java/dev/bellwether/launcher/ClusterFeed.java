package dev.bellwether.launcher;

import dev.bellwether.event.RawNewsItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Deterministic raw news with negative spikes, for the cluster test: item {@code i} is
 * {@code item-<i>}, published {@code i * spacing} after {@code start}, about
 * {@code RawFeed.ENTITIES[i % 5]}. Outside a spike one headline in eight is negative; during one
 * of {@link #SPIKES} seven in ten of its entity's headlines are, which the real model scores
 * negative with high confidence, so episodes open, escalate and resolve.
 */
final class ClusterFeed {

  /**
   * A stretch of negative news about one entity.
   *
   * @param entity index into {@code RawFeed.ENTITIES}
   * @param fromMinute minutes after the feed's start
   * @param minutes how long it lasts
   */
  record Spike(int entity, int fromMinute, int minutes) {}

  /**
   * The spikes: after the 30-minute warm-up, one every 15 to 18 minutes, each entity in turn, so
   * that episodes open, escalate and resolve all through the run and the faults meet some of them.
   */
  static final List<Spike> SPIKES = List.of(new Spike(0, 40, 7), new Spike(1, 55, 6), new Spike(2, 72, 8),
      new Spike(3, 90, 6), new Spike(4, 105, 7), new Spike(0, 122, 8), new Spike(1, 140, 6), new Spike(2, 155, 7),
      new Spike(3, 172, 8), new Spike(4, 190, 6), new Spike(0, 205, 7), new Spike(1, 222, 8));

  /** Headlines outside a spike: one negative ({@code slumps}) in eight. */
  private static final List<String> CALM =
      List.of("rises", "holds", "steady", "slumps", "soars", "flat", "gains", "updates");

  private final Instant start;
  private final Duration spacing;

  ClusterFeed(Instant start, Duration spacing) {
    this.start = start;
    this.spacing = spacing;
  }

  /** Item {@code i}. */
  RawNewsItem item(int i) {
    Instant published = publishedAt(i);
    int entity = i % RawFeed.ENTITIES.size();
    String ticker = RawFeed.ENTITIES.get(entity);
    int round = i / RawFeed.ENTITIES.size();
    String words = inSpike(entity, published) && round % 10 < 7 ? "shares crash" : CALM.get(round % CALM.size());
    return RawNewsItem.of("item-" + i, "cluster-test", "https://news.test/" + i, ticker + " " + words, "", published,
        published, List.of(ticker));
  }

  /** When item {@code i} was published. */
  Instant publishedAt(int i) {
    return start.plus(spacing.multipliedBy(i));
  }

  private boolean inSpike(int entity, Instant at) {
    long minute = Duration.between(start, at).toMinutes();
    return SPIKES.stream().anyMatch(s -> s.entity() == entity && minute >= s.fromMinute()
        && minute < s.fromMinute() + s.minutes());
  }
}
