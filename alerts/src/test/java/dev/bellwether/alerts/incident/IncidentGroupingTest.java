package dev.bellwether.alerts.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.config.IncidentsConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import dev.bellwether.event.Incident;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which alerts become one incident, and what each keeps of its episode. */
class IncidentGroupingTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  private final IncidentGrouping grouping = new IncidentGrouping(new IncidentsConfig(Duration.ofMinutes(30)), 5);
  private IncidentBook book = IncidentBook.empty();

  @Test
  void alertsSharingAStoryOrAnEntityWithinTheSpanAreOneIncidentLedByTheEntity() {
    Alert market = take(alert("market", 1, Alert.Severity.WARNING, T0, headline("s1", "ACME"), headline("s2", "ACME")));
    Alert entity = take(alert("entity:ACME", 1, Alert.Severity.CRITICAL, T0.plusSeconds(60),
        headline("s3", "ACME"), headline("s4", "ACME")));
    Alert topic = take(alert("topic:Legal", 1, Alert.Severity.WARNING, T0.plusSeconds(120), headline("s2", "ACME")));

    assertThat(List.of(market, entity, topic)).extracting(a -> a.incident().id()).containsOnly(market.incident().id());
    assertThat(market.incident().id()).isEqualTo(Incident.idOf(market.id()));
    assertThat(topic.incident().scopes()).containsExactly("market", "entity:ACME", "topic:Legal");
    assertThat(topic.incident().leadScope()).isEqualTo("entity:ACME");
    assertThat(topic.incident().revision()).isEqualTo(3);
  }

  @Test
  void anUnrelatedAlertAndOneAfterTheSpanOpenIncidentsOfTheirOwn() {
    Alert acme = take(alert("entity:ACME", 1, Alert.Severity.WARNING, T0, headline("s1", "ACME")));
    Alert other = take(alert("entity:GLBX", 1, Alert.Severity.WARNING, T0.plusSeconds(60), headline("s9", "GLBX")));
    Alert late = take(alert("topic:Legal", 1, Alert.Severity.WARNING, T0.plus(Duration.ofMinutes(31)),
        headline("s1", "ACME")));

    assertThat(other.incident().id()).isNotEqualTo(acme.incident().id());
    assertThat(late.incident().id()).isNotEqualTo(acme.incident().id());
  }

  @Test
  void aMarketAlertJoinsTheIncidentMostOfItsHeadlinesAreAbout() {
    Alert glbx = take(alert("entity:GLBX", 1, Alert.Severity.WARNING, T0, headline("g1", "GLBX")));
    Alert acme = take(alert("entity:ACME", 1, Alert.Severity.WARNING, T0.plusSeconds(30), headline("a1", "ACME"),
        headline("a2", "ACME")));
    Alert market = take(alert("market", 1, Alert.Severity.WARNING, T0.plusSeconds(60), headline("g1", "GLBX"),
        headline("a1", "ACME"), headline("a2", "ACME"), headline("a3", "ACME")));

    assertThat(market.incident().id()).isEqualTo(acme.incident().id()).isNotEqualTo(glbx.incident().id());
  }

  @Test
  void evidenceKeepsTheFirstThePeakAndTheLatestRevisionAndThePeakMatchesTheSeverity() {
    Alert first = alert("entity:ACME", 1, Alert.Severity.WARNING, T0, headline("s1", "ACME"));
    take(first);
    take(withFigures(alert("entity:ACME", 2, Alert.Severity.CRITICAL, T0.plusSeconds(60), headline("s2", "ACME")),
        Alert.Severity.CRITICAL, 7.0, 20));
    Alert calm = take(withFigures(alert("entity:ACME", 3, Alert.Severity.CRITICAL, T0.plusSeconds(120),
        headline("s3", "ACME")), null, 1.3, 3));

    assertThat(calm.evidence().first().revision()).isEqualTo(1);
    assertThat(calm.evidence().first().updatedAt()).isEqualTo(T0);
    assertThat(calm.evidence().peak().revision()).isEqualTo(2);
    assertThat(calm.evidence().peak().severity()).isEqualTo(calm.severity());
    assertThat(calm.evidence().peak().zScore()).isEqualTo(7.0);
    assertThat(calm.evidence().peak().headlines()).extracting(Headline::storyId).containsExactly("s2");
    assertThat(calm.evidence().latest().severity()).isNull();
    assertThat(calm.evidence().latest().zScore()).isEqualTo(1.3);
  }

  @Test
  void anIncidentResolvesWithItsLastAlertAndIsForgotten() {
    Alert entity = take(alert("entity:ACME", 1, Alert.Severity.WARNING, T0, headline("s1", "ACME")));
    take(alert("market", 1, Alert.Severity.WARNING, T0, headline("s1", "ACME")));
    Alert entityResolved = take(resolved(alert("entity:ACME", 2, Alert.Severity.WARNING, T0.plusSeconds(600))));
    assertThat(entityResolved.incident().status()).isEqualTo(Alert.Status.FIRING);
    Alert marketResolved = take(resolved(alert("market", 2, Alert.Severity.WARNING, T0.plusSeconds(660))));

    assertThat(marketResolved.incident().status()).isEqualTo(Alert.Status.RESOLVED);
    assertThat(marketResolved.incident().id()).isEqualTo(entity.incident().id());
    assertThat(book.open()).isEmpty();
  }

  @Test
  void theEntitiesOfAnAlertAreItsOwnAndThoseMostOfItsStoriesNameTwiceAtLeast() {
    Alert a = alert("topic:Legal", 1, Alert.Severity.WARNING, T0, headline("s1", "ACME", "GLBX"),
        headline("s2", "ACME"), headline("s3", "ACME"), headline("s4", "INTK"));
    assertThat(IncidentGrouping.entitiesOf(a.scope(), dev.bellwether.event.EpisodeEvidence.start(a)))
        .containsExactly("ACME");
    Alert b = alert("entity:WAYN", 1, Alert.Severity.WARNING, T0, headline("s1", "ACME"));
    assertThat(IncidentGrouping.entitiesOf(b.scope(), dev.bellwether.event.EpisodeEvidence.start(b)))
        .containsExactly("WAYN");
  }

  @Test
  void everyAlertIsAnIncidentOfItsOwnWhenTheSpanIsZero() {
    IncidentGrouping none = new IncidentGrouping(new IncidentsConfig(Duration.ZERO), 5);
    IncidentGrouping.Outcome one = none.accept(null, alert("entity:ACME", 1, Alert.Severity.WARNING, T0,
        headline("s1", "ACME")));
    IncidentGrouping.Outcome two = none.accept(one.book(), alert("market", 1, Alert.Severity.WARNING, T0,
        headline("s1", "ACME")));
    assertThat(two.alert().incident().id()).isNotEqualTo(one.alert().incident().id());
  }

  private Alert take(Alert alert) {
    IncidentGrouping.Outcome outcome = grouping.accept(book, alert);
    book = outcome.book();
    assertThat(outcome.incident().id()).isEqualTo(outcome.alert().incident().id());
    return outcome.alert();
  }

  private static Headline headline(String story, String... entities) {
    return new Headline("i-" + story, story, "Trouble " + story, "https://news.test/" + story, "wire", T0, -0.9,
        List.of(entities));
  }

  private static Alert alert(String scope, int revision, Alert.Severity severity, Instant at, Headline... headlines) {
    Instant start = T0.minus(Duration.ofMinutes(15));
    return new Alert(Alert.SCHEMA_VERSION, Alert.idOf("negative-spike", scope, start), "negative-spike", scope, severity,
        Alert.Status.FIRING, start, at.minus(Duration.ofMinutes(15)), at, 0.5, 0.1, 9, 1.5, 5.0, 5.0,
        new ArrayList<>(List.of(headlines)), List.of("m"), revision, at, "live", severity);
  }

  private static Alert withFigures(Alert a, Alert.Severity own, double z, long negative) {
    return new Alert(a.schemaVersion(), a.id(), a.rule(), a.scope(), a.severity(), a.status(), a.episodeStart(),
        a.windowStart(), a.windowEnd(), a.negativeShare(), a.baselineNegativeShare(), negative,
        a.baselineNegativeStories(), z, a.ratio(), a.headlines(), a.models(), a.revision(), a.updatedAt(), a.timeline(),
        own);
  }

  private static Alert resolved(Alert a) {
    return new Alert(a.schemaVersion(), a.id(), a.rule(), a.scope(), a.severity(), Alert.Status.RESOLVED,
        a.episodeStart(), a.windowStart(), a.windowEnd(), 0.1, a.baselineNegativeShare(), 1,
        a.baselineNegativeStories(), 0.2, 1.0, a.headlines(), a.models(), a.revision(), a.updatedAt(), a.timeline(),
        null);
  }
}
