package dev.bellwether.config;

import java.time.Duration;

/**
 * Hopping event-time windows of the sentiment aggregates.
 *
 * @param size window length
 * @param advance hop between window starts; must divide {@code size}
 * @param grace how long after a window ends late items are still counted in it
 */
public record WindowConfig(Duration size, Duration advance, Duration grace) {

  /** Checks every value. */
  public WindowConfig {
    Check.positive("size", size);
    Check.positive("advance", advance);
    Check.nonNegative("grace", grace);
    if (advance.compareTo(size) > 0) {
      throw new InvalidSettingException("advance", Durations.format(advance), "must not be longer than size (" + Durations.format(size) + ")");
    }
    if (size.toMillis() % advance.toMillis() != 0) {
      throw new InvalidSettingException("advance", Durations.format(advance), "must divide size (" + Durations.format(size) + ") evenly");
    }
  }
}
