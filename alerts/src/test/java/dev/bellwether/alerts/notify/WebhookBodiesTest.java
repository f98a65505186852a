package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import dev.bellwether.kafka.Json;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three webhook body formats, read back as JSON. */
class WebhookBodiesTest {

  private final List<Headline> headlines = List.of(
      AlertLineTest.headline(1, "ACME <recalls> | widgets & more"), AlertLineTest.headline(2, "ACME CFO resigns"));

  @Test
  void jsonCarriesEveryAlertFieldPlusTheAnnouncementInAnEnvelopeWithSchemaVersion() throws IOException {
    Alert alert = AlertLineTest.alert(Alert.Severity.CRITICAL, Alert.Status.FIRING, 3, headlines);
    JsonNode envelope = read(WebhookBodies.of("json", one(new Announcement(alert, AlertLine.Event.ESCALATED))));

    assertThat(envelope.get("schema_version").asInt()).isEqualTo(WebhookBodies.SCHEMA_VERSION);
    assertThat(envelope.get("receiver").asText()).isEqualTo("ops");
    assertThat(envelope.get("summary").asText()).startsWith("[Bellwether] CRITICAL escalated entity:ACME");
    assertThat(envelope.get("alerts").size()).isEqualTo(1);
    JsonNode body = envelope.get("alerts").get(0);
    assertThat(body.get("schema_version").asInt()).isEqualTo(Alert.SCHEMA_VERSION);
    assertThat(body.get("announcement").asText()).isEqualTo("escalated");
    assertThat(body.get("id").asText()).isEqualTo(alert.id());
    assertThat(body.get("scope").asText()).isEqualTo("entity:ACME");
    assertThat(body.get("severity").asText()).isEqualTo("critical");
    assertThat(body.get("status").asText()).isEqualTo("firing");
    assertThat(body.get("negative_share").asDouble()).isEqualTo(alert.negativeShare());
    assertThat(body.get("z_score").asDouble()).isEqualTo(alert.zScore());
    assertThat(body.get("revision").asInt()).isEqualTo(3);
    assertThat(body.get("window_start").asText()).isEqualTo("2026-11-29T10:00:00Z");
    assertThat(body.get("headlines").get(1).get("url").asText()).isEqualTo("https://news.example/2");
    assertThat(body.get("models").get(0).asText()).isEqualTo("finbert@1#ab12cd34ef56");
  }

  @Test
  void slackIsOneMrkdwnTextWithEscapedHeadlineLinks() throws IOException {
    Alert alert = AlertLineTest.alert(Alert.Severity.WARNING, Alert.Status.FIRING, 1, headlines);
    JsonNode body = read(WebhookBodies.of("slack", one(new Announcement(alert, AlertLine.Event.NEW))));

    assertThat(body.size()).isEqualTo(1);
    String text = body.get("text").asText();
    assertThat(text)
        .startsWith(":warning: *WARNING new* `entity:ACME` negative share *0.71* vs baseline 0.12 (5.8x, z=7.4)")
        .contains("\n• <https://news.example/1|ACME &lt;recalls&gt; / widgets &amp; more> (-0.89)")
        .contains("\n• <https://news.example/2|ACME CFO resigns> (-0.88)")
        .contains("id `" + alert.id() + "` rev 1");
  }

  @Test
  void alertmanagerIsAListOfOneAlertWithLabelsAnnotationsAndTimes() throws IOException {
    Alert firing = AlertLineTest.alert(Alert.Severity.CRITICAL, Alert.Status.FIRING, 1, headlines);
    JsonNode body = read(WebhookBodies.of("alertmanager", one(new Announcement(firing, AlertLine.Event.NEW))));

    assertThat(body.isArray()).isTrue();
    assertThat(body.size()).isEqualTo(1);
    JsonNode alert = body.get(0);
    assertThat(alert.get("labels").get("alertname").asText()).isEqualTo(WebhookBodies.ALERT_NAME);
    assertThat(alert.get("labels").get("scope").asText()).isEqualTo("entity:ACME");
    assertThat(alert.get("labels").get("severity").asText()).isEqualTo("critical");
    assertThat(alert.get("labels").get("alert_id").asText()).isEqualTo(firing.id());
    assertThat(alert.get("annotations").get("summary").asText())
        .isEqualTo("[Bellwether] CRITICAL entity:ACME negative share 0.71 vs 0.12 (5.8x)");
    assertThat(alert.get("annotations").get("description").asText()).startsWith("ALERT CRITICAL new entity:ACME");
    assertThat(alert.get("startsAt").asText()).isEqualTo("2026-11-29T10:00:00Z");
    assertThat(alert.has("endsAt")).isFalse();
    assertThat(alert.get("generatorURL").asText()).isEqualTo("https://news.example/1");

    Alert resolved = AlertLineTest.alert(Alert.Severity.CRITICAL, Alert.Status.RESOLVED, 7, List.of());
    JsonNode end = read(WebhookBodies.of("alertmanager", one(new Announcement(resolved, AlertLine.Event.RESOLVED)))).get(0);
    assertThat(end.get("endsAt").asText()).isEqualTo("2026-11-29T10:15:00Z");
    assertThat(end.get("labels")).isEqualTo(alert.get("labels"));
    assertThat(end.has("generatorURL")).isFalse();
  }

  @Test
  void aGroupIsOneBodyListingEveryAlertInEachFormat() throws IOException {
    java.time.Instant end = java.time.Instant.parse("2026-11-29T10:15:00Z");
    Notification group = new Notification("ops", "{scope-kind=entity}", List.of(
        new Announcement(Alerts.alert("entity:ACME", Alert.Severity.CRITICAL, Alert.Status.FIRING, 1, end),
            AlertLine.Event.NEW),
        new Announcement(Alerts.alert("entity:BETA", Alert.Severity.WARNING, Alert.Status.RESOLVED, 5, end),
            AlertLine.Event.RESOLVED)));

    JsonNode json = read(WebhookBodies.of("json", group));
    assertThat(json.get("group_key").asText()).isEqualTo("{scope-kind=entity}");
    assertThat(json.get("summary").asText())
        .isEqualTo("[Bellwether] 2 alerts, CRITICAL, 1 new, 1 resolved: entity:ACME, entity:BETA");
    assertThat(json.get("alerts")).extracting(a -> a.get("scope").asText() + " " + a.get("announcement").asText())
        .containsExactly("entity:ACME new", "entity:BETA resolved");

    JsonNode alertmanager = read(WebhookBodies.of("alertmanager", group));
    assertThat(alertmanager).extracting(a -> a.get("labels").get("scope").asText())
        .containsExactly("entity:ACME", "entity:BETA");
    assertThat(alertmanager.get(1).has("endsAt")).isTrue();

    String slack = read(WebhookBodies.of("slack", group)).get("text").asText();
    assertThat(slack).startsWith("*2 Bellwether alerts* (1 new, 1 resolved)\n\n:rotating_light: *CRITICAL new* `entity:ACME`")
        .contains("\n\n:warning: *WARNING resolved* `entity:BETA`")
        .contains("<https://news.test/entitybeta|Trouble at entity:BETA>");
    assertThat(group.idempotencyKey()).startsWith("group-").endsWith(":ops")
        .isEqualTo(new Notification("ops", "{}", group.announcements()).idempotencyKey());
  }

  private static Notification one(Announcement announcement) {
    return Notification.of("ops", announcement);
  }

  private static JsonNode read(byte[] body) throws IOException {
    return Json.mapper().readTree(body);
  }
}
