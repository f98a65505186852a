package dev.bellwether.alerts.spike;

import dev.bellwether.event.Alert;

/** How a window stands against its baseline under the spike rule. */
public enum Level {
  /** Below the warning level. */
  NONE,
  /** At or above the warning level. */
  WARNING,
  /** At or above the critical level. */
  CRITICAL;

  /** The alert severity of this level; {@link #NONE} has none. */
  Alert.Severity severity() {
    return this == CRITICAL ? Alert.Severity.CRITICAL : Alert.Severity.WARNING;
  }

  /** The level of an alert severity. */
  static Level of(Alert.Severity severity) {
    return severity == Alert.Severity.CRITICAL ? CRITICAL : WARNING;
  }
}
