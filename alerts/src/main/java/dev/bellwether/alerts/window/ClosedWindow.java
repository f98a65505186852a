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
 */
public record ClosedWindow(WindowStats stats, long newStories, long newNegativeStories) {

  /** A window without a slice breakdown: nothing in it counts as new. */
  public static ClosedWindow of(WindowStats stats) {
    return new ClosedWindow(stats, 0, 0);
  }
}
