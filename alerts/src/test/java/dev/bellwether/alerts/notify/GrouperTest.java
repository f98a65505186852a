package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Alert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grouping by key with group wait and group interval, and the per-receiver rate limit, on explicit instants. */
class GrouperTest {

  private static final Instant T0 = Instant.parse("2026-11-29T10:15:00Z");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration INTERVAL = Duration.ofMinutes(5);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Counter ratelimited = registry.counter("ratelimited");

  @Test
  void alertsWithinGroupWaitGoOutAsOneMessageAtTheEndOfTheWait() {
    Grouper grouper = grouper(List.of(), NotifierConfig.RateLimit.UNLIMITED);
    grouper.add("email", entry(Alerts.firing("entity:ACME", T0), AlertLine.Event.NEW, 1), T0);
    grouper.add("email", entry(Alerts.firing("entity:BETA", T0), AlertLine.Event.NEW, 2), T0.plusSeconds(10));
    grouper.add("email", entry(Alerts.firing("topic:Earnings", T0), AlertLine.Event.NEW, 3), T0.plusSeconds(29));

    assertThat(grouper.due(T0.plusSeconds(29))).isEmpty();
    List<Batch> due = grouper.due(T0.plus(WAIT));
    assertThat(due).singleElement().satisfies(b -> {
      assertThat(b.receiver()).isEqualTo("email");
      assertThat(b.notification().announcements()).extracting(a -> a.alert().scope())
          .containsExactly("entity:ACME", "entity:BETA", "topic:Earnings");
    });
    assertThat(grouper.due(T0.plus(WAIT).plusSeconds(1))).isEmpty();
    assertThat(grouper.pending()).isZero();
  }

  @Test
  void groupByScopeKindMakesOneMessagePerKindAndReceiver() {
    Grouper grouper = grouper(List.of("scope-kind"), NotifierConfig.RateLimit.UNLIMITED);
    for (String receiver : List.of("email", "ops")) {
      grouper.add(receiver, entry(Alerts.firing("entity:ACME", T0), AlertLine.Event.NEW, 1), T0);
      grouper.add(receiver, entry(Alerts.firing("entity:BETA", T0), AlertLine.Event.NEW, 2), T0);
      grouper.add(receiver, entry(Alerts.firing("topic:Earnings", T0), AlertLine.Event.NEW, 3), T0);
    }
    List<Batch> due = grouper.due(T0.plus(WAIT));
    assertThat(due).extracting(b -> b.receiver() + " " + b.groupKey() + " " + b.entries().size())
        .containsExactlyInAnyOrder("email {scope-kind=entity} 2", "email {scope-kind=topic} 1",
            "ops {scope-kind=entity} 2", "ops {scope-kind=topic} 1");
  }

  @Test
  void laterChangesOfAnEpisodeWaitForTheGroupIntervalAndMergeIntoOneEntry() {
    Grouper grouper = grouper(List.of(), NotifierConfig.RateLimit.UNLIMITED);
    grouper.add("email", entry(Alerts.firing("entity:ACME", T0), AlertLine.Event.NEW, 1), T0);
    assertThat(grouper.due(T0.plus(WAIT))).hasSize(1);

    Instant sent = T0.plus(WAIT);
    Alert critical = Alerts.alert("entity:ACME", Alert.Severity.CRITICAL, Alert.Status.FIRING, 3, T0);
    Alert resolved = Alerts.alert("entity:ACME", Alert.Severity.CRITICAL, Alert.Status.RESOLVED, 9, T0);
    grouper.add("email", entry(critical, AlertLine.Event.ESCALATED, 5), sent.plusSeconds(60));
    grouper.add("email", entry(resolved, AlertLine.Event.RESOLVED, 9), sent.plusSeconds(200));

    assertThat(grouper.due(sent.plusSeconds(299))).isEmpty();
    List<Batch> next = grouper.due(sent.plus(INTERVAL));
    assertThat(next).singleElement().satisfies(b -> {
      assertThat(b.entries()).singleElement().satisfies(e -> {
        assertThat(e.announcement().event()).isEqualTo(AlertLine.Event.RESOLVED);
        assertThat(e.announcement().alert().revision()).isEqualTo(9);
        assertThat(e.sources()).extracting(Entry.Source::offset).containsExactly(5L, 9L);
        assertThat(e.sources()).extracting(Entry.Source::state).containsExactly("firing-critical", "resolved");
      });
    });
  }

  @Test
  void anAlertThatEscalatesBeforeItsFirstMessageIsStillAnnouncedAsNew() {
    Grouper grouper = grouper(List.of(), NotifierConfig.RateLimit.UNLIMITED);
    grouper.add("email", entry(Alerts.firing("entity:ACME", T0), AlertLine.Event.NEW, 1), T0);
    Alert critical = Alerts.alert("entity:ACME", Alert.Severity.CRITICAL, Alert.Status.FIRING, 2, T0);
    grouper.add("email", entry(critical, AlertLine.Event.ESCALATED, 2), T0.plusSeconds(5));

    Announcement sent = grouper.due(T0.plus(WAIT)).get(0).entries().get(0).announcement();
    assertThat(sent.event()).isEqualTo(AlertLine.Event.NEW);
    assertThat(sent.alert().severity()).isEqualTo(Alert.Severity.CRITICAL);
  }

  @Test
  void overTheRateLimitGroupsWaitAndGoOutTogetherInTheNextAllowedMessage() {
    Grouper grouper = grouper(List.of("scope"), new NotifierConfig.RateLimit(2, Duration.ofHours(1)));
    Instant t = T0;
    for (int i = 0; i < 2; i++) {
      grouper.add("email", entry(Alerts.firing("entity:S" + i, T0), AlertLine.Event.NEW, i), t);
      assertThat(grouper.due(t.plus(WAIT))).hasSize(1);
      t = t.plus(Duration.ofMinutes(1));
    }
    // Budget spent (2 per hour): three more scopes come due and must wait.
    for (int i = 2; i < 5; i++) {
      grouper.add("email", entry(Alerts.firing("entity:S" + i, T0), AlertLine.Event.NEW, i), t);
    }
    assertThat(grouper.due(t.plus(WAIT))).isEmpty();
    assertThat(grouper.due(t.plus(Duration.ofMinutes(10)))).isEmpty();
    assertThat(ratelimited.count()).isEqualTo(3.0);
    assertThat(grouper.pending()).isEqualTo(3);

    // The first message of the hour leaves the window: one message carries all three groups.
    List<Batch> released = grouper.due(T0.plus(WAIT).plus(Duration.ofHours(1)));
    assertThat(released).singleElement().satisfies(b -> {
      assertThat(b.entries()).extracting(e -> e.announcement().alert().scope())
          .containsExactly("entity:S2", "entity:S3", "entity:S4");
      assertThat(b.groupKey()).isEqualTo("{scope=entity:S2}+{scope=entity:S3}+{scope=entity:S4}");
    });
    assertThat(ratelimited.count()).isEqualTo(3.0);
    assertThat(grouper.pending()).isZero();
  }

  @Test
  void withOneMessageLeftSeveralDueGroupsShareIt() {
    Grouper grouper = grouper(List.of("scope"), new NotifierConfig.RateLimit(1, Duration.ofHours(1)));
    for (int i = 0; i < 3; i++) {
      grouper.add("ops", entry(Alerts.firing("entity:S" + i, T0), AlertLine.Event.NEW, i), T0);
    }
    assertThat(grouper.due(T0.plus(WAIT))).singleElement()
        .satisfies(b -> assertThat(b.entries()).hasSize(3));
    assertThat(ratelimited.count()).isZero();
  }

  private Grouper grouper(List<String> by, NotifierConfig.RateLimit limit) {
    return new Grouper(new NotifierConfig.Grouping(by, WAIT, INTERVAL, true), limit, ratelimited);
  }

  static Entry entry(Alert alert, AlertLine.Event event, long offset) {
    return Entry.of(new Announcement(alert, event), 0, offset);
  }
}
