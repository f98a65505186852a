package dev.bellwether.alerts.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import dev.bellwether.kafka.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * The bodies of webhook requests, one per format: Bellwether's own JSON, a Slack incoming-webhook
 * message, and a Prometheus Alertmanager v2 alert list.
 */
final class WebhookBodies {

  /** Version of the {@code json} format: the alert's fields plus {@code announcement}. */
  static final int SCHEMA_VERSION = 1;

  /** The {@code alertname} label of Alertmanager alerts. */
  static final String ALERT_NAME = "BellwetherNegativeSpike";

  private static final ObjectMapper MAPPER = Json.mapper();

  private WebhookBodies() {}

  /** The body of {@code announcement} in {@code format} ({@code json}, {@code slack} or {@code alertmanager}). */
  static byte[] of(String format, Announcement announcement) {
    Object body = switch (format) {
      case "slack" -> slack(announcement);
      case "alertmanager" -> alertmanager(announcement);
      default -> json(announcement);
    };
    try {
      return MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write a " + format + " webhook body", e);
    }
  }

  /** Every field of the alert as on the alerts topic, plus {@code announcement}; {@code schema_version} is this format's. */
  static ObjectNode json(Announcement announcement) {
    ObjectNode body = MAPPER.valueToTree(announcement.alert());
    body.put("schema_version", SCHEMA_VERSION);
    body.put("announcement", announcement.event().label());
    return body;
  }

  /** {@code {"text": ...}} in Slack mrkdwn, headlines as {@code <url|title>} links. */
  static ObjectNode slack(Announcement announcement) {
    Alert a = announcement.alert();
    StringBuilder text = new StringBuilder(512);
    text.append(a.severity() == Alert.Severity.CRITICAL ? ":rotating_light: " : ":warning: ")
        .append('*').append(a.severity().name()).append(' ').append(announcement.event().label()).append("* ")
        .append('`').append(slackEscape(a.scope())).append("` negative share *")
        .append(AlertLine.fixed(a.negativeShare(), 2)).append("* vs baseline ")
        .append(AlertLine.fixed(a.baselineNegativeShare(), 2)).append(" (").append(AlertLine.fixed(a.ratio(), 1))
        .append("x, z=").append(AlertLine.fixed(a.zScore(), 1)).append("), ").append(a.negativeStories())
        .append(" negative stories vs baseline ").append(AlertLine.fixed(a.baselineNegativeStories(), 1))
        .append(" in ").append(slackEscape(AlertLine.window(a)));
    for (Headline h : a.headlines()) {
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
    ObjectNode body = MAPPER.createObjectNode();
    body.put("text", text.toString());
    return body;
  }

  /** An Alertmanager v2 {@code POST /api/v2/alerts} body: a list of one alert, ended when resolved. */
  static ArrayNode alertmanager(Announcement announcement) {
    Alert a = announcement.alert();
    ObjectNode alert = MAPPER.createObjectNode();
    ObjectNode labels = alert.putObject("labels");
    labels.put("alertname", ALERT_NAME);
    labels.put("scope", a.scope());
    labels.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
    labels.put("rule", a.rule());
    labels.put("alert_id", a.id());
    ObjectNode annotations = alert.putObject("annotations");
    annotations.put("summary", new AlertMail(announcement).subject());
    annotations.put("description", AlertLine.format(a, announcement.event()));
    annotations.put("announcement", announcement.event().label());
    annotations.put("revision", Integer.toString(a.revision()));
    annotations.put("window", AlertLine.window(a));
    annotations.put("models", String.join(", ", a.models()));
    alert.put("startsAt", a.episodeStart().toString());
    if (a.status() == Alert.Status.RESOLVED) {
      Instant end = a.windowEnd() != null ? a.windowEnd() : a.updatedAt() != null ? a.updatedAt() : a.episodeStart();
      alert.put("endsAt", end.toString());
    }
    a.headlines().stream().map(Headline::url).filter(AlertMail::isWebLink).findFirst()
        .ifPresent(url -> alert.put("generatorURL", url.strip()));
    ArrayNode body = MAPPER.createArrayNode();
    body.add(alert);
    return body;
  }

  /** Slack's three control characters, escaped as its docs ask. */
  private static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
