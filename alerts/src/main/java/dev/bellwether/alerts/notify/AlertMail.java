package dev.bellwether.alerts.notify;

import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import dev.bellwether.event.IncidentRef;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The email of one notification: a subject naming scope, severity and change, and the same facts
 * as a plain-text and an HTML body, with the contributing headlines as links. A group lists each
 * alert in its own section; its subject counts the alerts, names the highest severity, the changes
 * (new, escalated, resolved) and the scopes.
 *
 * <p>Every value from the alert is HTML-escaped in the HTML body, and only http and https URLs
 * become links: headlines come from the open web.
 */
final class AlertMail {

  /** Most scopes named in the subject of a group. */
  static final int MAX_SUBJECT_SCOPES = 4;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final List<Announcement> announcements;

  AlertMail(Notification notification) {
    this.announcements = notification.announcements();
  }

  AlertMail(Announcement announcement) {
    this.announcements = List.of(announcement);
  }

  /**
   * One alert: {@code [Bellwether] CRITICAL entity:ACME negative share 0.45 vs 0.09 (5.0x)}; a group:
   * {@code [Bellwether] 3 alerts, CRITICAL, 2 new, 1 resolved: entity:ACME, entity:BETA, topic:Earnings}.
   */
  String subject() {
    if (announcements.size() == 1) {
      Alert alert = announcements.get(0).alert();
      String change = switch (announcements.get(0).event()) {
        case NEW -> "";
        case ESCALATED -> " escalated";
        case RESOLVED -> " resolved";
      };
      Figures f = Figures.of(alert);
      return AlertLine.oneLine("[Bellwether] " + alert.severity().name() + change + " " + alert.scope()
          + (f.peak() ? " peak" : "") + " negative share " + AlertLine.fixed(f.negativeShare(), 2) + " vs "
          + AlertLine.fixed(f.baselineNegativeShare(), 2) + " (" + AlertLine.fixed(f.shareRatio(), 1) + "x)");
    }
    IncidentRef incident = oneIncident();
    if (incident != null) {
      List<String> scopes = incident.scopes();
      String named = String.join(", ", scopes.subList(0, Math.min(MAX_SUBJECT_SCOPES, scopes.size())))
          + (scopes.size() > MAX_SUBJECT_SCOPES ? " and " + (scopes.size() - MAX_SUBJECT_SCOPES) + " more" : "");
      return AlertLine.oneLine("[Bellwether] " + highestSeverity().name() + " " + AlertLine.incidentEvent(announcements)
          + " incident " + incident.leadScope() + ", " + scopes.size() + " scopes (" + changes() + "): " + named);
    }
    List<String> scopes = announcements.stream().map(a -> a.alert().scope()).distinct().toList();
    String named = String.join(", ", scopes.subList(0, Math.min(MAX_SUBJECT_SCOPES, scopes.size())))
        + (scopes.size() > MAX_SUBJECT_SCOPES ? " and " + (scopes.size() - MAX_SUBJECT_SCOPES) + " more" : "");
    return AlertLine.oneLine("[Bellwether] " + announcements.size() + " alerts, " + highestSeverity().name() + ", "
        + changes() + ": " + named);
  }

  String text() {
    StringBuilder b = new StringBuilder(1024 * announcements.size());
    boolean group = announcements.size() > 1;
    if (group) {
      b.append(announcements.size()).append(" negative-sentiment alerts: ").append(changes()).append("\n\n");
    }
    for (int i = 0; i < announcements.size(); i++) {
      Alert alert = announcements.get(i).alert();
      AlertLine.Event event = announcements.get(i).event();
      b.append(group ? (i + 1) + ". " : "").append(headline(alert, event)).append("\n\n");
      for (String[] row : facts(alert, event)) {
        b.append(String.format(Locale.ROOT, "%-18s%s%n", row[0] + ":", row[1]));
      }
      List<Headline> headlines = Figures.of(alert).headlines();
      if (!headlines.isEmpty()) {
        b.append("\nHeadlines behind it, most negative first:\n");
        for (Headline h : headlines) {
          b.append("- ").append(AlertLine.oneLine(h.title())).append(" (").append(AlertLine.fixed(h.score(), 2))
              .append(", ").append(AlertLine.oneLine(h.source())).append(")\n  ").append(AlertLine.oneLine(h.url()))
              .append('\n');
        }
      }
      if (i < announcements.size() - 1) {
        b.append("\n");
      }
    }
    return b.toString();
  }

  String html() {
    StringBuilder b = new StringBuilder(2048 * announcements.size());
    boolean group = announcements.size() > 1;
    b.append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">\n");
    if (group) {
      b.append("<h2>").append(announcements.size()).append(" negative-sentiment alerts: ").append(escape(changes()))
          .append("</h2>\n");
    }
    for (Announcement announcement : announcements) {
      Alert alert = announcement.alert();
      String tag = group ? "h3" : "h2";
      b.append('<').append(tag).append('>').append(escape(headline(alert, announcement.event()))).append("</")
          .append(tag).append(">\n<table cellpadding=\"3\">\n");
      for (String[] row : facts(alert, announcement.event())) {
        b.append("<tr><th align=\"left\">").append(escape(row[0])).append("</th><td>").append(escape(row[1]))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
      List<Headline> headlines = Figures.of(alert).headlines();
      if (!headlines.isEmpty()) {
        b.append(group ? "<p><b>Headlines behind it, most negative first</b></p>\n<ol>\n"
            : "<h3>Headlines behind it, most negative first</h3>\n<ol>\n");
        for (Headline h : headlines) {
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
    }
    return b.append("</body></html>\n").toString();
  }

  /** The changes a notification announces, e.g. {@code 2 new, 1 resolved}. */
  String changes() {
    Map<AlertLine.Event, Integer> counts = new EnumMap<>(AlertLine.Event.class);
    for (Announcement a : announcements) {
      counts.merge(a.event(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((event, n) -> parts.add(n + " " + event.label()));
    return String.join(", ", parts);
  }

  /** The incident every announcement belongs to, when they all belong to one; else null. */
  private IncidentRef oneIncident() {
    String id = null;
    for (Announcement a : announcements) {
      if (a.alert().incident() == null || id != null && !id.equals(a.alert().incident().id())) {
        return null;
      }
      id = a.alert().incident().id();
    }
    return AlertLine.latest(announcements);
  }

  private Alert.Severity highestSeverity() {
    return announcements.stream().map(a -> a.alert().severity()).max(Comparator.naturalOrder()).orElseThrow();
  }

  private static String headline(Alert alert, AlertLine.Event event) {
    return "Negative-sentiment spike in " + alert.scope() + ": " + alert.severity().name() + ", " + event.label();
  }

  private static String[][] facts(Alert alert, AlertLine.Event event) {
    Figures f = Figures.of(alert);
    String which = f.peak() ? " (peak)" : "";
    List<String[]> rows = new ArrayList<>(List.of(
        new String[] {"Negative share" + which, AlertLine.fixed(f.negativeShare(), 2) + " vs baseline "
            + AlertLine.fixed(f.baselineNegativeShare(), 2) + " (" + AlertLine.fixed(f.shareRatio(), 1) + "x)"},
        new String[] {"Negative stories" + which, f.negativeStories() + " vs baseline "
            + AlertLine.fixed(f.baselineNegativeStories(), 1) + " (z = " + AlertLine.fixed(f.zScore(), 1) + ")"},
        new String[] {"Window" + which, AlertLine.window(f.windowStart(), f.windowEnd(), alert.updatedAt())}));
    if (f.peak()) {
      rows.add(new String[] {"Latest window", AlertLine.fixed(alert.negativeShare(), 2) + " negative share, "
          + alert.negativeStories() + " negative stories, z = " + AlertLine.fixed(alert.zScore(), 1) + " ("
          + (alert.revisionSeverity() == null ? "below warning" : alert.revisionSeverity().name()) + ") in "
          + AlertLine.window(alert)});
    }
    if (alert.evidence() != null) {
      rows.add(new String[] {"First fired", DAY.format(alert.evidence().first().updatedAt()) + "Z, revision "
          + alert.evidence().first().revision()});
    }
    rows.addAll(List.of(
        new String[] {"Episode since", DAY.format(alert.episodeStart()) + "Z"},
        new String[] {"Severity", alert.severity().name()},
        new String[] {"Status", alert.status().name().toLowerCase(Locale.ROOT) + " (" + event.label() + ")"},
        new String[] {"Rule", alert.rule()},
        new String[] {"Alert id", alert.id() + " revision " + alert.revision()},
        new String[] {"Models", alert.models().isEmpty() ? "unknown" : String.join(", ", alert.models())}));
    if (alert.incident() != null) {
      rows.add(new String[] {"Incident", alert.incident().id() + " revision " + alert.incident().revision() + ": "
          + String.join(", ", alert.incident().scopes())});
    }
    return rows.toArray(new String[0][]);
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
