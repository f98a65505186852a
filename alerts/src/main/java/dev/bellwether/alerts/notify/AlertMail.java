package dev.bellwether.alerts.notify;

import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The email of one announcement: a subject naming scope, severity and change, and the same
 * facts as a plain-text and an HTML body, with the contributing headlines as links.
 *
 * <p>Every value from the alert is HTML-escaped in the HTML body, and only http and https URLs
 * become links: headlines come from the open web.
 */
final class AlertMail {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final Alert alert;
  private final AlertLine.Event event;

  AlertMail(Announcement announcement) {
    this.alert = announcement.alert();
    this.event = announcement.event();
  }

  /** E.g. {@code [Bellwether] CRITICAL entity:ACME negative share 0.45 vs 0.09 (5.0x)}. */
  String subject() {
    String change = switch (event) {
      case NEW -> "";
      case ESCALATED -> " escalated";
      case RESOLVED -> " resolved";
    };
    return AlertLine.oneLine("[Bellwether] " + alert.severity().name() + change + " " + alert.scope()
        + " negative share " + AlertLine.fixed(alert.negativeShare(), 2) + " vs "
        + AlertLine.fixed(alert.baselineNegativeShare(), 2) + " (" + AlertLine.fixed(alert.ratio(), 1) + "x)");
  }

  String text() {
    StringBuilder b = new StringBuilder(1024);
    b.append(headline()).append("\n\n");
    for (String[] row : facts()) {
      b.append(String.format(Locale.ROOT, "%-18s%s%n", row[0] + ":", row[1]));
    }
    if (!alert.headlines().isEmpty()) {
      b.append("\nHeadlines behind it, most negative first:\n");
      for (Headline h : alert.headlines()) {
        b.append("- ").append(AlertLine.oneLine(h.title())).append(" (").append(AlertLine.fixed(h.score(), 2))
            .append(", ").append(AlertLine.oneLine(h.source())).append(")\n  ").append(AlertLine.oneLine(h.url()))
            .append('\n');
      }
    }
    return b.toString();
  }

  String html() {
    StringBuilder b = new StringBuilder(2048);
    b.append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">\n<h2>").append(escape(headline()))
        .append("</h2>\n<table cellpadding=\"3\">\n");
    for (String[] row : facts()) {
      b.append("<tr><th align=\"left\">").append(escape(row[0])).append("</th><td>").append(escape(row[1]))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
    if (!alert.headlines().isEmpty()) {
      b.append("<h3>Headlines behind it, most negative first</h3>\n<ol>\n");
      for (Headline h : alert.headlines()) {
        String title = escape(AlertLine.oneLine(h.title()));
        b.append("<li>");
        if (isWebLink(h.url())) {
          b.append("<a href=\"").append(escape(h.url().strip())).append("\">").append(title).append("</a>");
        } else {
          b.append(title);
        }
        b.append(" (").append(AlertLine.fixed(h.score(), 2)).append(", ").append(escape(AlertLine.oneLine(h.source())))
            .append(")</li>\n");
      }
      b.append("</ol>\n");
    }
    return b.append("</body></html>\n").toString();
  }

  private String headline() {
    return "Negative-sentiment spike in " + alert.scope() + ": " + alert.severity().name() + ", " + event.label();
  }

  private String[][] facts() {
    return new String[][] {
      {"Negative share", AlertLine.fixed(alert.negativeShare(), 2) + " vs baseline "
          + AlertLine.fixed(alert.baselineNegativeShare(), 2) + " (" + AlertLine.fixed(alert.ratio(), 1) + "x)"},
      {"Negative stories", alert.negativeStories() + " vs baseline " + AlertLine.fixed(alert.baselineNegativeStories(), 1)
          + " (z = " + AlertLine.fixed(alert.zScore(), 1) + ")"},
      {"Window", AlertLine.window(alert)},
      {"Episode since", DAY.format(alert.episodeStart()) + "Z"},
      {"Severity", alert.severity().name()},
      {"Status", alert.status().name().toLowerCase(Locale.ROOT) + " (" + event.label() + ")"},
      {"Rule", alert.rule()},
      {"Alert id", alert.id() + " revision " + alert.revision()},
      {"Models", alert.models().isEmpty() ? "unknown" : String.join(", ", alert.models())},
    };
  }

  static boolean isWebLink(String url) {
    if (url == null) {
      return false;
    }
    String u = url.strip().toLowerCase(Locale.ROOT);
    return u.startsWith("https://") || u.startsWith("http://");
  }

  /** {@code text} safe inside HTML text and double- or single-quoted attributes. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
