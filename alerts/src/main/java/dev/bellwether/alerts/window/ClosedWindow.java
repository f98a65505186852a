package dev.bellwether.alerts.window;

import dev.bellwether.event.WindowStats;

/**
 * A scope's window as it closes: its statistics, and how many of its distinct stories (and
 * distinct negative stories) were first seen in its last advance, i.e. are new since the window
 * before it. Internal to the alerting topology: only {@link #stats()} leaves it.
 *
 * @param stats the window's statistics, as on {@code sentiment.windows}
 * @param newStories distinct stories first seen in the window's last advance
 * @param newNegativeStories distinct stories first seen negative in the window's last advance
 * @param newNegativeSources the distinct sources of those negative stories, as hashes (0 for
 *     unknown), ascending
 */
public record ClosedWindow(WindowStats stats, long newStories, long newNegativeStories, long[] newNegativeSources) {

  /** Copies the sources. */
  public ClosedWindow {
    newNegativeSources = newNegativeSources == null ? new long[0] : newNegativeSources.clone();
  }

  /** A window whose new negative stories came from sources not known. */
  public ClosedWindow(WindowStats stats, long newStories, long newNegativeStories) {
    this(stats, newStories, newNegativeStories, new long[0]);
  }

  /** A window without a slice breakdown: nothing in it counts as new. */
  public static ClosedWindow of(WindowStats stats) {
    return new ClosedWindow(stats, 0, 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClosedWindow c && c.stats.equals(stats) && c.newStories == newStories
        && c.newNegativeStories == newNegativeStories && java.util.Arrays.equals(c.newNegativeSources, newNegativeSources);
  }

  @Override
  public int hashCode() {
    return stats.hashCode() * 31 + Long.hashCode(newStories) * 7 + Long.hashCode(newNegativeStories)
        + java.util.Arrays.hashCode(newNegativeSources);
  }

  @Override
  public String toString() {
    return "ClosedWindow[" + stats + ", " + newStories + ", " + newNegativeStories + ", "
        + java.util.Arrays.toString(newNegativeSources) + "]";
  }
}
