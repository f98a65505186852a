package dev.bellwether.config;

import java.time.Duration;

/** Value checks for config records; each failure names the setting and the value. */
final class Check {

  private Check() {}

  static Duration positive(String setting, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new InvalidSettingException(setting, Durations.format(value), "must be a positive duration such as 30s, 15m or 1h");
    }
    return value;
  }

  static Duration nonNegative(String setting, Duration value) {
    if (value == null || value.isNegative()) {
      throw new InvalidSettingException(setting, Durations.format(value), "must be zero or a positive duration");
    }
    return value;
  }

  static int atLeast(String setting, int value, int min) {
    if (value < min) {
      throw new InvalidSettingException(setting, value, "must be at least " + min);
    }
    return value;
  }

  static double atLeast(String setting, double value, double min) {
    if (!(value >= min) || Double.isInfinite(value)) {
      throw new InvalidSettingException(setting, value, "must be a number of at least " + min);
    }
    return value;
  }

  static int port(String setting, int value) {
    if (value < 0 || value > 65535) {
      throw new InvalidSettingException(setting, value, "must be a TCP port in 0..65535 (0 picks a free port)");
    }
    return value;
  }

  static String text(String setting, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidSettingException(setting, value, "must not be empty");
    }
    return value;
  }
}
