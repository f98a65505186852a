package dev.bellwether.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The HTTP {@code Retry-After} header (RFC 9110, 10.2.3): how long a server asks a client to wait,
 * given as whole seconds or as an HTTP date. Feed polling and webhook delivery both honour it.
 */
public final class RetryAfter {

  private RetryAfter() {}

  /**
   * The wait {@code value} asks for, counted from {@code now}: zero for a date already past, null
   * when the header is absent, blank, a negative number or neither a number nor an HTTP date.
   */
  public static Duration wait(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Duration wait = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
