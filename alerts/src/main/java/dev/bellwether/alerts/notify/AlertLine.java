package dev.bellwether.alerts.notify;

import dev.bellwether.config.Durations;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The one console line of an alert revision, written so that an analyst can act on it without
 * looking anything up: what happened, where, by how much against the baseline, in which window,
 * the headlines behind it with their links, the alert id and the models.
 *
 * <p>Example: {@code ALERT WARNING new entity:ACME: negative share 0.71 vs baseline 0.12 (5.9x,
 * z=7.4), 9 negative stories vs baseline 1.3 in 15m window 2026-11-29 10:00-10:15Z | "ACME
 * recalls ..." <https://...> (-0.91); ... | id=3f2a... rev=1 model=finbert@1#ab12...}
 */
public final class AlertLine {

  /** Most headlines on one line; the alert itself carries more. */
  public static final int MAX_HEADLINES = 3;

  /** Longest headline text kept on the line. */
  static final int MAX_TITLE_CHARS = 120;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  /** Why a revision is announced. */
  public enum Event {
    /** The first revision of an episode. */
    NEW,
    /** A revision whose severity is higher than the one last announced. */
    ESCALATED,
    /** The last revision of an episode. */
    RESOLVED;

    /** The lower-case name, as written in lines, subjects and webhook bodies. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private AlertLine() {}

  /**
   * The alert's negative share over the share it was measured against. (The alert's own
   * {@code ratio} is that for the share rules, but negative stories over those expected for the
   * surge rule.)
   */
  static double shareRatio(Alert alert) {
    return alert.baselineNegativeShare() > 0 ? alert.negativeShare() / alert.baselineNegativeShare() : alert.ratio();
  }

  /** The line announcing {@code alert} as {@code event}. */
  public static String format(Alert alert, Event event) {
    StringBuilder line = new StringBuilder(256);
    line.append("ALERT ")
        .append(alert.severity().name())
        .append(' ')
        .append(event.label())
        .append(' ')
        .append(alert.scope())
        .append(": negative share ")
        .append(fixed(alert.negativeShare(), 2))
        .append(" vs baseline ")
        .append(fixed(alert.baselineNegativeShare(), 2))
        .append(" (")
        .append(fixed(shareRatio(alert), 1))
        .append("x, z=")
        .append(fixed(alert.zScore(), 1))
        .append("), ")
        .append(alert.negativeStories())
        .append(alert.negativeStories() == 1 ? " negative story" : " negative stories")
        .append(" vs baseline ")
        .append(fixed(alert.baselineNegativeStories(), 1))
        .append(" in ")
        .append(window(alert));
    if (event == Event.RESOLVED) {
      line.append(", episode since ").append(DAY.format(alert.episodeStart())).append('Z');
    }
    List<Headline> headlines = alert.headlines();
    if (!headlines.isEmpty()) {
      line.append(" |");
      int shown = Math.min(MAX_HEADLINES, headlines.size());
      for (int i = 0; i < shown; i++) {
        Headline h = headlines.get(i);
        line.append(i == 0 ? " " : "; ")
            .append('"').append(title(h.title())).append('"')
            .append(" <").append(oneLine(h.url())).append('>')
            .append(" (").append(fixed(h.score(), 2)).append(')');
      }
      if (headlines.size() > shown) {
        line.append("; +").append(headlines.size() - shown).append(" more");
      }
    }
    line.append(" | id=").append(alert.id()).append(" rev=").append(alert.revision());
    line.append(" model=").append(alert.models().isEmpty() ? "unknown" : String.join(",", alert.models()));
    return line.toString();
  }

  /** The window of a revision in words, e.g. {@code 15m window 2026-11-29 10:00-10:15Z}. */
  static String window(Alert alert) {
    if (alert.windowStart() == null || alert.windowEnd() == null) {
      return "window ending " + alert.updatedAt();
    }
    Duration length = Duration.between(alert.windowStart(), alert.windowEnd());
    boolean sameDay =
        alert.windowStart().atOffset(ZoneOffset.UTC).toLocalDate()
            .equals(alert.windowEnd().atOffset(ZoneOffset.UTC).toLocalDate());
    return Durations.format(length) + " window " + DAY.format(alert.windowStart()) + "-"
        + (sameDay ? TIME : DAY).format(alert.windowEnd()) + "Z";
  }

  private static String title(String title) {
    String text = oneLine(title).replace('"', '\'');
    return text.length() > MAX_TITLE_CHARS ? text.substring(0, MAX_TITLE_CHARS - 3) + "..." : text;
  }

  /** The text with every run of whitespace or control characters collapsed to one space. */
  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("[\\s\\p{Cntrl}]+", " ").trim();
  }

  /** {@code value} with {@code decimals} decimals, whatever the locale. */
  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
