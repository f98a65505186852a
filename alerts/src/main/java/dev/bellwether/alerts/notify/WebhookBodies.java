package dev.bellwether.alerts.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import dev.bellwether.event.IncidentRef;
import dev.bellwether.kafka.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bodies of webhook requests, one per format: Bellwether's own JSON, a Slack incoming-webhook
 * message, and a Prometheus Alertmanager v2 alert list. Each body carries every alert of its
 * notification: a group that fired together is one request.
 */
final class WebhookBodies {

  /**
   * Version of the {@code json} format: 2 wraps the alerts in an envelope ({@code receiver},
   * {@code group_key}, {@code summary}, {@code alerts}); each element of {@code alerts} is the
   * version 1 body (the alert's fields plus {@code announcement}).
   */
  static final int SCHEMA_VERSION = 2;

  /** The {@code alertname} label of Alertmanager alerts. */
  static final String ALERT_NAME = "BellwetherNegativeSpike";

  /**
   * The {@code alertname} of the one Alertmanager alert per incident: with an inhibit rule
   * ({@code source_matchers: [alertname="BellwetherIncident"]}, {@code target_matchers:
   * [alertname="BellwetherNegativeSpike"]}, {@code equal: [incident]}) it stands for its alerts.
   */
  static final String INCIDENT_NAME = "BellwetherIncident";

  private static final ObjectMapper MAPPER = Json.mapper();

  private WebhookBodies() {}

  /** The body of {@code notification} in {@code format} ({@code json}, {@code slack} or {@code alertmanager}). */
  static byte[] of(String format, Notification notification) {
    Object body = switch (format) {
      case "slack" -> slack(notification);
      case "alertmanager" -> alertmanager(notification);
      default -> json(notification);
    };
    try {
      return MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write a " + format + " webhook body", e);
    }
  }

  /**
   * {@code {schema_version, receiver, group_key, summary, alerts: [...]}}: each alert with every
   * field as on the alerts topic (its own {@code schema_version} included) plus {@code announcement}.
   */
  static ObjectNode json(Notification notification) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("schema_version", SCHEMA_VERSION);
    body.put("receiver", notification.receiver());
    body.put("group_key", notification.groupKey());
    body.put("summary", new AlertMail(notification).subject());
    ArrayNode alerts = body.putArray("alerts");
    for (Announcement announcement : notification.announcements()) {
      ObjectNode alert = MAPPER.valueToTree(announcement.alert());
      alert.put("announcement", announcement.event().label());
      alerts.add(alert);
    }
    return body;
  }

  /** {@code {"text": ...}} in Slack mrkdwn, headlines as {@code <url|title>} links; a group under a count line. */
  static ObjectNode slack(Notification notification) {
    StringBuilder text = new StringBuilder(512 * notification.size());
    if (notification.size() > 1) {
      text.append('*').append(notification.size()).append(" Bellwether alerts* (")
          .append(new AlertMail(notification).changes()).append(")\n\n");
    }
    for (int i = 0; i < notification.size(); i++) {
      if (i > 0) {
        text.append("\n\n");
      }
      slackSection(text, notification.announcements().get(i));
    }
    ObjectNode body = MAPPER.createObjectNode();
    body.put("text", text.toString());
    return body;
  }

  private static void slackSection(StringBuilder text, Announcement announcement) {
    Alert a = announcement.alert();
    Figures f = Figures.of(a);
    text.append(a.severity() == Alert.Severity.CRITICAL ? ":rotating_light: " : ":warning: ")
        .append('*').append(a.severity().name()).append(' ').append(announcement.event().label()).append("* ")
        .append('`').append(slackEscape(a.scope())).append(f.peak() ? "` peak negative share *" : "` negative share *")
        .append(AlertLine.fixed(f.negativeShare(), 2)).append("* vs baseline ")
        .append(AlertLine.fixed(f.baselineNegativeShare(), 2)).append(" (").append(AlertLine.fixed(f.shareRatio(), 1))
        .append("x, z=").append(AlertLine.fixed(f.zScore(), 1)).append("), ").append(f.negativeStories())
        .append(" negative stories vs baseline ").append(AlertLine.fixed(f.baselineNegativeStories(), 1))
        .append(" in ").append(slackEscape(AlertLine.window(f.windowStart(), f.windowEnd(), a.updatedAt())));
    if (a.incident() != null && a.incident().scopes().size() > 1) {
      text.append("\nincident `").append(a.incident().id()).append("`: ")
          .append(slackEscape(String.join(", ", a.incident().scopes())));
    }
    for (Headline h : f.headlines()) {
      String title = slackEscape(AlertLine.oneLine(h.title())).replace('|', '/');
      text.append("\n• ");
      if (AlertMail.isWebLink(h.url())) {
        text.append('<').append(slackEscape(h.url().strip()).replace("|", "%7C")).append('|').append(title).append('>');
      } else {
        text.append(title);
      }
      text.append(" (").append(AlertLine.fixed(h.score(), 2)).append(')');
    }
    text.append("\nid `").append(a.id()).append("` rev ").append(a.revision()).append(" model ")
        .append(slackEscape(a.models().isEmpty() ? "unknown" : String.join(", ", a.models())));
  }

  /**
   * An Alertmanager v2 {@code POST /api/v2/alerts} body: the notification's alerts, each ended when
   * resolved and labelled with its {@code incident}, and before them one {@value #INCIDENT_NAME}
   * alert per incident they belong to, labelled with the same {@code incident}, so that
   * Alertmanager can group by {@code incident} and inhibit the alerts of an incident by it.
   */
  static ArrayNode alertmanager(Notification notification) {
    ArrayNode body = MAPPER.createArrayNode();
    Map<String, List<Announcement>> byIncident = new LinkedHashMap<>();
    for (Announcement announcement : notification.announcements()) {
      if (announcement.alert().incident() != null) {
        byIncident.computeIfAbsent(announcement.alert().incident().id(), k -> new ArrayList<>())
            .add(announcement);
      }
    }
    byIncident.values().forEach(group -> body.add(incidentAlert(group)));
    for (Announcement announcement : notification.announcements()) {
      body.add(alertmanagerAlert(announcement));
    }
    return body;
  }

  private static ObjectNode incidentAlert(List<Announcement> group) {
    IncidentRef ref = AlertLine.latest(group);
    Alert lead = AlertLine.lead(group).alert();
    Alert.Severity severity = group.stream().map(a -> a.alert().severity()).max(Comparator.naturalOrder())
        .orElseThrow();
    ObjectNode alert = MAPPER.createObjectNode();
    ObjectNode labels = alert.putObject("labels");
    labels.put("alertname", INCIDENT_NAME);
    labels.put("incident", ref.id());
    labels.put("scope", ref.leadScope());
    labels.put("severity", severity.name().toLowerCase(Locale.ROOT));
    ObjectNode annotations = alert.putObject("annotations");
    annotations.put("summary", "Incident " + ref.leadScope() + ": " + ref.scopes().size() + " scopes alerting ("
        + String.join(", ", ref.scopes()) + ")");
    annotations.put("description", AlertLine.format(new Notification("alertmanager", "{}", group)).strip());
    annotations.put("announcement", AlertLine.incidentEvent(group));
    annotations.put("revision", Integer.toString(ref.revision()));
    annotations.put("scopes", String.join(", ", ref.scopes()));
    alert.put("startsAt", (ref.openedAt() == null ? lead.episodeStart() : ref.openedAt()).toString());
    if (ref.status() == Alert.Status.RESOLVED) {
      Instant end = lead.windowEnd() != null ? lead.windowEnd() : lead.updatedAt() != null ? lead.updatedAt()
          : lead.episodeStart();
      alert.put("endsAt", end.toString());
    }
    Figures.of(lead).headlines().stream().map(Headline::url).filter(AlertMail::isWebLink).findFirst()
        .ifPresent(url -> alert.put("generatorURL", url.strip()));
    return alert;
  }

  private static ObjectNode alertmanagerAlert(Announcement announcement) {
    Alert a = announcement.alert();
    ObjectNode alert = MAPPER.createObjectNode();
    ObjectNode labels = alert.putObject("labels");
    labels.put("alertname", ALERT_NAME);
    labels.put("scope", a.scope());
    labels.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
    labels.put("rule", a.rule());
    labels.put("alert_id", a.id());
    if (a.incident() != null) {
      labels.put("incident", a.incident().id());
    }
    ObjectNode annotations = alert.putObject("annotations");
    annotations.put("summary", new AlertMail(announcement).subject());
    annotations.put("description", AlertLine.format(a, announcement.event()));
    annotations.put("announcement", announcement.event().label());
    annotations.put("revision", Integer.toString(a.revision()));
    Figures f = Figures.of(a);
    annotations.put("window", AlertLine.window(f.windowStart(), f.windowEnd(), a.updatedAt()));
    annotations.put("models", String.join(", ", a.models()));
    alert.put("startsAt", a.episodeStart().toString());
    if (a.status() == Alert.Status.RESOLVED) {
      Instant end = a.windowEnd() != null ? a.windowEnd() : a.updatedAt() != null ? a.updatedAt() : a.episodeStart();
      alert.put("endsAt", end.toString());
    }
    f.headlines().stream().map(Headline::url).filter(AlertMail::isWebLink).findFirst()
        .ifPresent(url -> alert.put("generatorURL", url.strip()));
    return alert;
  }

  /** Slack's three control characters, escaped as its docs ask. */
  private static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
