package dev.bellwether.alerts.notify;

import dev.bellwether.config.Durations;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import dev.bellwether.event.Incident;
import dev.bellwether.event.IncidentRef;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one console line of an alert revision, written so that an analyst can act on it without
 * looking anything up: what happened, where, by how much against the baseline, in which window,
 * the headlines behind it with their links, the alert id and the models.
 *
 * <p>Example: {@code ALERT WARNING new entity:ACME: negative share 0.71 vs baseline 0.12 (5.9x,
 * z=7.4), 9 negative stories vs baseline 1.3 in 15m window 2026-11-29 10:00-10:15Z | "ACME
 * recalls ..." <https://...> (-0.91); ... | id=3f2a... rev=1 model=finbert@1#ab12...}
 *
 * <p>The figures are those that reach the severity shown ({@link Figures}): a critical alert
 * whose latest window is calm shows its peak window's, marked {@code peak}. The alerts of one
 * incident announced together are one line ({@link #format(Notification)}): the line of its lead
 * alert, then the incident, its revision and every scope with its severity.
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

  /** The line announcing {@code alert} as {@code event}. */
  public static String format(Alert alert, Event event) {
    StringBuilder line = new StringBuilder(256);
    line.append("ALERT ")
        .append(alert.severity().name())
        .append(' ')
        .append(event.label())
        .append(' ')
        .append(alert.scope())
        .append(": ");
    figures(line, alert, event);
    incident(line, alert.incident());
    ids(line, alert);
    return line.toString();
  }

  /**
   * The lines of one notification, each ending with a line separator: one line per incident when
   * its announcements carry their incident (the alerts one event raised, announced together), else
   * one line per announcement.
   */
  public static String format(Notification notification) {
    StringBuilder lines = new StringBuilder();
    Map<String, List<Announcement>> byIncident = new LinkedHashMap<>();
    for (Announcement a : notification.announcements()) {
      IncidentRef ref = a.alert().incident();
      byIncident.computeIfAbsent(ref == null ? "alert:" + a.alert().id() : ref.id(), k -> new ArrayList<>()).add(a);
    }
    for (List<Announcement> group : byIncident.values()) {
      lines.append(group.get(0).alert().incident() == null ? format(group.get(0).alert(), group.get(0).event())
          : incidentLine(group)).append(System.lineSeparator());
    }
    return lines.toString();
  }

  /**
   * The word of an incident's message: {@code new} when it carries the incident's first alert's
   * opening, {@code resolved} when the incident is resolved, else {@code updated} (a scope joined,
   * escalated or resolved while others fire).
   */
  static String incidentEvent(List<Announcement> group) {
    IncidentRef ref = latest(group);
    for (Announcement a : group) {
      if (a.event() == Event.NEW && Incident.idOf(a.alert().id()).equals(ref.id())) {
        return "new";
      }
    }
    return ref.status() == Alert.Status.RESOLVED ? "resolved" : "updated";
  }

  /** The latest incident reference among the announcements of one incident. */
  static IncidentRef latest(List<Announcement> group) {
    return group.stream().map(a -> a.alert().incident())
        .max(Comparator.comparingInt(IncidentRef::revision)).orElseThrow();
  }

  /** The announcement that names the incident: its lead scope's, else the most severe, first on a tie. */
  static Announcement lead(List<Announcement> group) {
    IncidentRef ref = latest(group);
    for (Announcement a : group) {
      if (a.alert().scope().equals(ref.leadScope())) {
        return a;
      }
    }
    Announcement best = group.get(0);
    for (Announcement a : group) {
      if (a.alert().severity().compareTo(best.alert().severity()) > 0) {
        best = a;
      }
    }
    return best;
  }

  private static String incidentLine(List<Announcement> group) {
    Announcement lead = lead(group);
    Alert alert = lead.alert();
    StringBuilder line = new StringBuilder(512);
    line.append("ALERT ")
        .append(alert.severity().name())
        .append(' ')
        .append(incidentEvent(group))
        .append(' ')
        .append(alert.scope())
        .append(": ");
    figures(line, alert, lead.event());
    IncidentRef ref = latest(group);
    line.append(" | incident ").append(ref.id()).append(" rev ").append(ref.revision()).append(", ")
        .append(ref.scopes().size()).append(ref.scopes().size() == 1 ? " scope: " : " scopes: ");
    Map<String, Announcement> announced = new HashMap<>();
    group.forEach(a -> announced.put(a.alert().scope(), a));
    List<String> parts = new ArrayList<>();
    for (String scope : ref.scopes()) {
      Announcement a = announced.get(scope);
      parts.add(a == null ? scope : scope + " " + a.alert().severity().name() + " " + a.event().label());
    }
    line.append(String.join(", ", parts));
    ids(line, alert);
    return line.toString();
  }

  private static void figures(StringBuilder line, Alert alert, Event event) {
    Figures f = Figures.of(alert);
    line.append(f.peak() ? "peak negative share " : "negative share ")
        .append(fixed(f.negativeShare(), 2))
        .append(" vs baseline ")
        .append(fixed(f.baselineNegativeShare(), 2))
        .append(" (")
        .append(fixed(f.shareRatio(), 1))
        .append("x, z=")
        .append(fixed(f.zScore(), 1))
        .append("), ")
        .append(f.negativeStories())
        .append(f.negativeStories() == 1 ? " negative story" : " negative stories")
        .append(" vs baseline ")
        .append(count(f.baselineNegativeStories()))
        .append(" in ")
        .append(window(f.windowStart(), f.windowEnd(), alert.updatedAt()));
    if (event == Event.RESOLVED) {
      line.append(", episode since ").append(DAY.format(alert.episodeStart())).append('Z');
    }
    List<Headline> headlines = f.headlines();
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
  }

  /** The incident of a single alert's line, when it has other scopes. */
  private static void incident(StringBuilder line, IncidentRef ref) {
    if (ref != null && ref.scopes().size() > 1) {
      line.append(" | incident ").append(ref.id()).append(" rev ").append(ref.revision()).append(", ")
          .append(ref.scopes().size()).append(" scopes: ").append(String.join(", ", ref.scopes()));
    }
  }

  private static void ids(StringBuilder line, Alert alert) {
    line.append(" | id=").append(alert.id()).append(" rev=").append(alert.revision());
    line.append(" model=").append(alert.models().isEmpty() ? "unknown" : String.join(",", alert.models()));
  }

  /** The window of a revision in words, e.g. {@code 15m window 2026-11-29 10:00-10:15Z}. */
  static String window(Alert alert) {
    return window(alert.windowStart(), alert.windowEnd(), alert.updatedAt());
  }

  /** The window from {@code start} to {@code end} in words; {@code updatedAt} when they are unknown. */
  static String window(Instant start, Instant end, Instant updatedAt) {
    if (start == null || end == null) {
      return "window ending " + updatedAt;
    }
    Duration length = Duration.between(start, end);
    boolean sameDay =
        start.atOffset(ZoneOffset.UTC).toLocalDate().equals(end.atOffset(ZoneOffset.UTC).toLocalDate());
    return Durations.format(length) + " window " + DAY.format(start) + "-" + (sameDay ? TIME : DAY).format(end) + "Z";
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
  /**
   * An expected number of stories: one decimal, two below 0.1 (a company seldom in the news expects
   * 0.01), as notifications and the backtest print it.
   */
  public static String count(double value) {
    return fixed(value, value > 0 && value < 0.095 ? 2 : 1);
  }

  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
