package dev.bellwether.config;

import java.time.Duration;

/**
 * The window settings of one scope kind ({@code alerts.window.by-kind.<kind>}) that differ from
 * {@link WindowConfig}'s; every setting left out (null) is inherited.
 *
 * @param size see {@link WindowConfig#size()}
 * @param advance see {@link WindowConfig#advance()}
 * @param grace see {@link WindowConfig#grace()}
 */
public record WindowOverride(Duration size, Duration advance, Duration grace) {

  /**
   * {@code base} with the settings given here put in its place, validated as a whole; a refused
   * value is reported under {@code prefix} (e.g. {@code by-kind.entity.advance}).
   */
  WindowConfig applyTo(WindowConfig base, String prefix) {
    try {
      return new WindowConfig(
          size == null ? base.size() : size,
          advance == null ? base.advance() : advance,
          grace == null ? base.grace() : grace);
    } catch (InvalidSettingException e) {
      throw new InvalidSettingException(prefix + "." + e.setting(), e.value(), e.problem());
    }
  }
}
