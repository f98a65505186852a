package dev.bellwether.ops.topics;

import dev.bellwether.UserFacingException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A half-open span of event time, {@code [from, to)}, compared with record timestamps (publication
 * times on the news topics). A missing bound is open.
 *
 * @param from first instant included; {@link Instant#MIN} when open
 * @param to first instant excluded; {@link Instant#MAX} when open
 */
public record TimeRange(Instant from, Instant to) {

  /** Every time. */
  public static final TimeRange ALL = new TimeRange(Instant.MIN, Instant.MAX);

  /** Checks that the range is not empty. */
  public TimeRange {
    from = from == null ? Instant.MIN : from;
    to = to == null ? Instant.MAX : to;
    if (!from.isBefore(to)) {
      throw new UserFacingException("--from " + from + " is not before --to " + to + ": give an earlier --from", null);
    }
  }

  /** The range between two command-line times, either of which may be null (open). */
  public static TimeRange parse(String from, String to) {
    return new TimeRange(from == null ? null : instant("--from", from), to == null ? null : instant("--to", to));
  }

  /**
   * Reads a time as the commands take it: {@code 2026-11-29T08:00:00Z}, with an offset
   * ({@code +01:00}), without one (UTC), or a date alone (its start, UTC).
   */
  public static Instant instant(String option, String text) {
    String t = text.trim();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(t).toInstant();
      }
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new UserFacingException(option + " " + text + " is not a time: write 2026-11-29T08:00:00Z, "
          + "2026-11-29T09:00:00+01:00, 2026-11-29T08:00 (UTC) or 2026-11-29", e);
    }
  }

  /** Whether a record with this timestamp (epoch milliseconds) lies in the range. */
  public boolean contains(long timestampMs) {
    return (from == Instant.MIN || timestampMs >= from.toEpochMilli())
        && (to == Instant.MAX || timestampMs < to.toEpochMilli());
  }

  /** Whether this instant lies in the range. */
  public boolean contains(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  /** The range as people read it. */
  @Override
  public String toString() {
    return "[" + (from == Instant.MIN ? "beginning" : from) + ", " + (to == Instant.MAX ? "end" : to) + ")";
  }
}
