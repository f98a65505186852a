package dev.bellwether.config;

import java.time.Duration;

/**
 * The de-duplication memory of ingest: how many items and how much time it holds, and whether it is
 * rebuilt from {@code news.raw} at start-up.
 *
 * @param storyCapacity most items held in the near-duplicate (story) index
 * @param storyHorizon how far apart in publication time two items of one story may be
 * @param seenIdsCapacity most item ids remembered as already sent (exact repeats)
 * @param seenIdsMaxAge how long an id sent is remembered
 * @param restore whether the memory is rebuilt from the tail of {@code news.raw} at start-up
 */
public record DedupConfig(
    int storyCapacity, Duration storyHorizon, int seenIdsCapacity, Duration seenIdsMaxAge, boolean restore) {

  /** The documented defaults. */
  public static final DedupConfig DEFAULTS =
      new DedupConfig(100_000, Duration.ofHours(48), 500_000, Duration.ofDays(30), true);

  /** Checks every value. */
  public DedupConfig {
    Check.atLeast("story-capacity", storyCapacity, 1);
    Check.positive("story-horizon", storyHorizon);
    Check.atLeast("seen-ids-capacity", seenIdsCapacity, 1);
    Check.positive("seen-ids-max-age", seenIdsMaxAge);
  }
}
