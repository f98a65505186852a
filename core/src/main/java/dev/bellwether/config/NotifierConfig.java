package dev.bellwether.config;

import java.time.Duration;

/**
 * The notifier, which delivers alerts outside Kafka.
 *
 * @param console print each alert revision as one line starting with {@code ALERT}
 * @param maxAlertAge alerts whose window ended longer ago than this (by the wall clock) are not
 *     notified, so a replay or a restart never re-sends old news
 */
public record NotifierConfig(boolean console, Duration maxAlertAge) {

  /** Checks every value. */
  public NotifierConfig {
    Check.positive("max-alert-age", maxAlertAge);
  }
}
