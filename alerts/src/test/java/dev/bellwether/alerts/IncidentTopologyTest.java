package dev.bellwether.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.event.Alert;
import dev.bellwether.event.EpisodeEvidence;
import dev.bellwether.event.Incident;
import dev.bellwether.event.ScoredNewsItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The alerting topology's incident step: one burst about one company alerts its entity, the market
 * and its topic, and those alerts are one incident; every alert carries its episode's evidence.
 */
class IncidentTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");

  @Test
  void oneBurstAlertsSeveralScopesThatShareOneIncidentAndKeepTheirEvidence() {
    NewsGenerator news = new NewsGenerator(7);
    Instant burstStart = T0.plus(Duration.ofHours(3));
    List<ScoredNewsItem> burst = news.negativeBurst(burstStart, Duration.ofMinutes(5), 40, "ACME", "Markets");
    try (AlertingHarness harness = new AlertingHarness(AlertingHarness.config(3))) {
      harness.pipe(NewsGenerator.merge(List.of(news.calm(T0, Duration.ofHours(4), 8), burst)));

      Set<String> alerting = harness.alerts.stream().map(r -> r.value().scope()).collect(Collectors.toSet());
      assertThat(alerting).as("scopes the burst raised").contains("entity:ACME", "topic:Markets");
      assertThat(harness.alerts).allSatisfy(r -> {
        Alert a = r.value();
        assertThat(r.key()).isEqualTo(a.id());
        assertThat(a.incident()).as("incident of %s rev %d", a.scope(), a.revision()).isNotNull();
        assertThat(a.evidence()).isNotNull();
        assertThat(a.evidence().peak().severity()).as("peak severity of %s", a.scope()).isEqualTo(a.severity());
        assertThat(a.evidence().latest().revision()).isEqualTo(a.revision());
        assertThat(a.evidence().first().revision()).isEqualTo(1);
      });
      Set<String> incidentIds = harness.alerts.stream()
          .filter(r -> Set.of("entity:ACME", "topic:Markets", "market").contains(r.value().scope()))
          .map(r -> r.value().incident().id()).collect(Collectors.toSet());
      assertThat(incidentIds).as("the burst's alerts share one incident").hasSize(1);
      String incidentId = incidentIds.iterator().next();

      List<Incident> revisions = harness.incidents.stream().map(TestRecord::value)
          .filter(i -> i.id().equals(incidentId)).toList();
      assertThat(revisions).extracting(Incident::revision)
          .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, revisions.size()).boxed().toList());
      Incident last = revisions.get(revisions.size() - 1);
      assertThat(last.leadScope()).isEqualTo("entity:ACME");
      assertThat(last.scopes()).containsAll(alerting.stream()
          .filter(s -> Set.of("entity:ACME", "topic:Markets", "market").contains(s)).toList());
      assertThat(last.entities()).contains("ACME");
      assertThat(last.status()).isEqualTo(Alert.Status.RESOLVED);
      assertThat(last.headlines()).isNotEmpty();
      assertThat(harness.incidents).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().id()));

      // After the burst, the resolution still carries the headlines that raised the alert.
      Alert resolution = harness.alertsFor("entity:ACME").get(harness.alertsFor("entity:ACME").size() - 1);
      EpisodeEvidence evidence = resolution.evidence();
      assertThat(resolution.status()).isEqualTo(Alert.Status.RESOLVED);
      assertThat(resolution.revisionSeverity()).isNull();
      assertThat(evidence.peak().negativeStories()).isGreaterThan(resolution.negativeStories());
      assertThat(evidence.peak().headlines()).extracting(h -> h.entities()).allSatisfy(e -> assertThat(e).contains("ACME"));
      assertThat(evidence.first().updatedAt()).isBefore(evidence.latest().updatedAt());
      assertThat(harness.counter("bellwether.alerts.incidents", "status", "opened")).isPositive();
    }
  }
}
