package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.EpisodeEvidence;
import dev.bellwether.event.Headline;
import dev.bellwether.event.Incident;
import dev.bellwether.event.IncidentRef;
import dev.bellwether.kafka.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Notifications of incidents: the alerts of one incident are one group, one console line that names
 * every scope, and an Alertmanager body whose alerts carry the incident label beside an incident alert
 * that can inhibit them; a severity is always shown beside figures that reach it.
 */
class IncidentNotificationTest {

  private static final Instant T0 = Instant.parse("2026-11-30T14:20:00Z");
  private static final List<String> SCOPES = List.of("entity:ACME", "market", "topic:Legal");

  private final Alert entity = inIncident(Alerts.alert("entity:ACME", Alert.Severity.CRITICAL, Alert.Status.FIRING, 1, T0));
  private final Alert market = inIncident(Alerts.alert("market", Alert.Severity.WARNING, Alert.Status.FIRING, 1, T0));
  private final Alert topic = inIncident(Alerts.alert("topic:Legal", Alert.Severity.WARNING, Alert.Status.FIRING, 1, T0));

  @Test
  void theAlertsOfOneIncidentAreOneGroupAndOneConsoleLineNamingEveryScope() {
    Grouper grouper = new Grouper(NotifierConfig.Grouping.DEFAULT, NotifierConfig.RateLimit.UNLIMITED,
        new SimpleMeterRegistry().counter("ratelimited"));
    Alert unrelated = Alerts.firing("entity:GLBX", T0);
    grouper.add("console", GrouperTest.entry(market, AlertLine.Event.NEW, 1), T0);
    grouper.add("console", GrouperTest.entry(entity, AlertLine.Event.NEW, 2), T0.plusSeconds(5));
    grouper.add("console", GrouperTest.entry(unrelated, AlertLine.Event.NEW, 3), T0.plusSeconds(6));
    grouper.add("console", GrouperTest.entry(topic, AlertLine.Event.NEW, 4), T0.plusSeconds(20));

    List<Batch> due = grouper.due(T0.plusSeconds(40));
    assertThat(due).hasSize(2);
    Notification incident = due.get(0).notification();
    assertThat(incident.groupKey()).isEqualTo("{incident=" + Incident.idOf(market.id()) + "}");
    String lines = AlertLine.format(incident);
    assertThat(lines.lines()).singleElement().satisfies(line -> assertThat(line)
        .startsWith("ALERT CRITICAL new entity:ACME: negative share 0.60")
        .contains(" | incident " + Incident.idOf(market.id()) + " rev 3, 3 scopes: entity:ACME CRITICAL new,"
            + " market WARNING new, topic:Legal WARNING new")
        .contains("| id=" + entity.id() + " rev=1"));
    assertThat(AlertLine.format(due.get(1).notification()).lines()).singleElement()
        .satisfies(line -> assertThat(line).startsWith("ALERT WARNING new entity:GLBX: "));
    assertThat(new AlertMail(incident).subject())
        .isEqualTo("[Bellwether] CRITICAL new incident entity:ACME, 3 scopes (3 new): entity:ACME, market, topic:Legal");
  }

  @Test
  void alertmanagerAlertsCarryTheIncidentLabelBesideOneIncidentAlertThatCanInhibitThem() throws IOException {
    Notification n = new Notification("am", "{incident=x}", List.of(new Announcement(entity, AlertLine.Event.NEW),
        new Announcement(market, AlertLine.Event.NEW)));
    JsonNode body = Json.mapper().readTree(WebhookBodies.of("alertmanager", n));

    assertThat(body).hasSize(3);
    JsonNode incident = body.get(0);
    String id = Incident.idOf(market.id());
    assertThat(incident.at("/labels/alertname").asText()).isEqualTo(WebhookBodies.INCIDENT_NAME);
    assertThat(incident.at("/labels/incident").asText()).isEqualTo(id);
    assertThat(incident.at("/labels/scope").asText()).isEqualTo("entity:ACME");
    assertThat(incident.at("/labels/severity").asText()).isEqualTo("critical");
    assertThat(incident.at("/annotations/scopes").asText()).isEqualTo("entity:ACME, market, topic:Legal");
    assertThat(incident.at("/annotations/announcement").asText()).isEqualTo("new");
    assertThat(incident.has("endsAt")).isFalse();
    assertThat(body.get(1).at("/labels/alertname").asText()).isEqualTo(WebhookBodies.ALERT_NAME);
    assertThat(body.get(1).at("/labels/incident").asText()).isEqualTo(id);
    assertThat(body.get(2).at("/labels/incident").asText()).isEqualTo(id);
  }

  @Test
  void aCriticalAlertWhoseLatestWindowIsCalmShowsItsPeakFigures() {
    Headline fraud = new Headline("i1", "s1", "Acme Corp shares plunge after fraud probe", "https://news.test/1",
        "wire", T0, -0.99, List.of("ACME"));
    Alert peak = withOwn(Alerts.alert("entity:ACME", Alert.Severity.CRITICAL, Alert.Status.FIRING, 3, T0),
        Alert.Severity.CRITICAL, 7.2, List.of(fraud));
    Alert calm = withOwn(Alerts.alert("entity:ACME", Alert.Severity.CRITICAL, Alert.Status.RESOLVED, 20,
        T0.plus(Duration.ofMinutes(17))), null, 1.3, List.of());
    EpisodeEvidence evidence = EpisodeEvidence.start(peak).next(calm);
    Alert shown = calm.withEvidence(evidence);

    String line = AlertLine.format(shown, AlertLine.Event.RESOLVED);
    assertThat(line).startsWith("ALERT CRITICAL resolved entity:ACME: peak negative share 0.60")
        .contains("z=7.2").doesNotContain("z=1.3").contains("fraud probe");
    assertThat(new AlertMail(new Announcement(shown, AlertLine.Event.RESOLVED)).text())
        .contains("Negative share (peak):").contains("Latest window:").contains("below warning")
        .contains("fraud probe");
  }

  private static Alert inIncident(Alert alert) {
    return alert.withIncident(new IncidentRef(Incident.idOf(Alerts.alert("market", Alert.Severity.WARNING,
        Alert.Status.FIRING, 1, T0).id()), 3, "entity:ACME", SCOPES, T0, Alert.Status.FIRING));
  }

  private static Alert withOwn(Alert a, Alert.Severity own, double z, List<Headline> headlines) {
    return new Alert(a.schemaVersion(), a.id(), a.rule(), a.scope(), a.severity(), a.status(), a.episodeStart(),
        a.windowStart(), a.windowEnd(), a.negativeShare(), a.baselineNegativeShare(), a.negativeStories(),
        a.baselineNegativeStories(), z, a.ratio(), headlines, a.models(), a.revision(), a.updatedAt(), a.timeline(),
        own);
  }
}
