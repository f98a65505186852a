package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.Delivery;
import dev.bellwether.event.Silence;
import dev.bellwether.kafka.Topics;
import dev.bellwether.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notifier's decisions and delivery end to end without Kafka: alerts read into {@link Triage},
 * grouped, handed to the {@link Dispatcher} and sent by email to GreenMail, a real SMTP server in
 * this JVM. The clock is moved by hand; only the SMTP round trip is waited for.
 */
class GroupedEmailTest {

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:15:05Z"));
  private final Instant windowEnd = Instant.parse("2026-11-29T10:15:00Z");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Delivery> log = new CopyOnWriteArrayList<>();
  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  private Dispatcher dispatcher;
  private DeliveryLedger ledger;

  @AfterEach
  void stop() {
    if (dispatcher != null) {
      dispatcher.close(Duration.ofSeconds(2));
    }
  }

  @Test
  void alertsThatFireTogetherAreOneMessagePerGroupWithSubjectBodiesAndLinks() throws Exception {
    Triage triage = start(List.of());
    // The desk was told earlier that the Earnings episode began, so its end is news to it.
    ledger.load(new Delivery(Delivery.SCHEMA_VERSION, id("topic:Earnings"), "firing-warning", "email", 1,
        "topic:Earnings", clock.instant().minus(Duration.ofMinutes(20))));
    long offset = 0;
    triage.accept(encode(Alerts.alert("entity:ACME", Alert.Severity.CRITICAL, Alert.Status.FIRING, 1, windowEnd)), 0, offset++);
    triage.accept(encode(Alerts.firing("entity:BETA", windowEnd)), 0, offset++);
    triage.accept(encode(Alerts.alert("topic:Earnings", Alert.Severity.WARNING, Alert.Status.RESOLVED, 6, windowEnd)), 0,
        offset++);
    assertThat(triage.due()).isEmpty();

    clock.advance(NotifierConfig.Grouping.DEFAULT.groupWait());
    triage.due().forEach(dispatcher::dispatch);

    await().atMost(Duration.ofSeconds(10)).until(() -> log.size() == 3);
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage message = received[0];
    assertThat(message.getSubject())
        .isEqualTo("[Bellwether] 3 alerts, CRITICAL, 2 new, 1 resolved: entity:ACME, entity:BETA, topic:Earnings");
    assertThat(message.getHeader("X-Bellwether-Alert-Id")).hasSize(3);
    MimeMultipart body = (MimeMultipart) message.getContent();
    assertThat(body.getContentType()).startsWith("multipart/alternative");
    String text = (String) body.getBodyPart(0).getContent();
    String html = (String) body.getBodyPart(1).getContent();
    assertThat(body.getBodyPart(0).isMimeType("text/plain")).isTrue();
    assertThat(body.getBodyPart(1).isMimeType("text/html")).isTrue();
    assertThat(text)
        .contains("3 negative-sentiment alerts: 2 new, 1 resolved")
        .contains("1. Negative-sentiment spike in entity:ACME: CRITICAL, new")
        .contains("2. Negative-sentiment spike in entity:BETA: WARNING, new")
        .contains("3. Negative-sentiment spike in topic:Earnings: WARNING, resolved")
        .contains("Trouble at entity:ACME").contains("https://news.test/entityacme")
        .contains("https://news.test/entitybeta").contains("https://news.test/topicearnings");
    assertThat(html)
        .contains("<h2>3 negative-sentiment alerts: 2 new, 1 resolved</h2>")
        .contains("<a href=\"https://news.test/entityacme\">Trouble at entity:ACME</a>")
        .contains("<a href=\"https://news.test/entitybeta\">Trouble at entity:BETA</a>")
        .contains("<a href=\"https://news.test/topicearnings\">Trouble at topic:Earnings</a>");
    assertThat(log).extracting(Delivery::key).containsExactlyInAnyOrder(
        Delivery.keyOf(id("entity:ACME"), "firing-critical", "email"),
        Delivery.keyOf(id("entity:BETA"), "firing-warning", "email"),
        Delivery.keyOf(id("topic:Earnings"), "resolved", "email"));
    assertThat(triage.offsets().moved()).containsEntry(0, 3L);
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void configSilenceKeepsAMatchingAlertOutOfTheMessageAndCountsIt() throws Exception {
    Triage triage = start(List.of(new NotifierConfig.SilenceSetting("entity:AC*", "", "2026-11-30T00:00:00Z",
        "earnings call", "desk")));
    assertThat(triage.accept(encode(Alerts.firing("entity:ACME", windowEnd)), 0, 0)).isEqualTo(Triage.Outcome.SILENCED);
    assertThat(triage.accept(encode(Alerts.firing("entity:BETA", windowEnd)), 0, 1)).isEqualTo(Triage.Outcome.QUEUED);

    clock.advance(Duration.ofSeconds(30));
    triage.due().forEach(dispatcher::dispatch);

    await().atMost(Duration.ofSeconds(10)).until(() -> log.size() == 1);
    assertThat(SMTP.getReceivedMessages()).singleElement()
        .satisfies(m -> assertThat(m.getSubject()).startsWith("[Bellwether] WARNING entity:BETA"));
    assertThat(registry.get("bellwether.notifier.alerts.silenced").counter().count()).isEqualTo(1.0);
  }

  @Test
  void silenceArrivingWhileItsAlertWaitsInAGroupStillHoldsItBack() {
    Triage triage = start(List.of());
    triage.accept(encode(Alerts.firing("topic:Rumours", windowEnd)), 0, 0);
    triage.silence(new Silence(1, "s1", "topic:*", clock.instant(), clock.instant().plus(Duration.ofHours(2)),
        "rumour mill", "desk", clock.instant()));

    clock.advance(Duration.ofSeconds(30));
    assertThat(triage.due()).isEmpty();
    assertThat(registry.get("bellwether.notifier.alerts.silenced").counter().count()).isEqualTo(1.0);
    assertThat(triage.offsets().moved()).containsEntry(0, 1L);

    clock.advance(Duration.ofHours(2));
    assertThat(triage.accept(encode(Alerts.alert("topic:Rumours", Alert.Severity.WARNING, Alert.Status.FIRING, 1,
        clock.instant())), 0, 1)).isEqualTo(Triage.Outcome.QUEUED);
  }

  @Test
  void aReplayAfterDeliveryQueuesNothingForReceiversThatHaveIt() {
    Triage first = start(List.of());
    first.accept(encode(Alerts.firing("entity:ACME", windowEnd)), 0, 0);
    clock.advance(Duration.ofSeconds(30));
    first.due().forEach(dispatcher::dispatch);
    await().atMost(Duration.ofSeconds(10)).until(() -> log.size() == 1);

    DeliveryLedger reloaded = new DeliveryLedger(log::add);
    log.forEach(reloaded::load);
    Triage afterRestart = new Triage(config(List.of()), List.of("email"), reloaded, new SimpleMeterRegistry(), clock);
    assertThat(afterRestart.accept(encode(Alerts.firing("entity:ACME", windowEnd)), 0, 0))
        .isEqualTo(Triage.Outcome.ALREADY_DELIVERED);
    clock.advance(Duration.ofMinutes(10));
    assertThat(afterRestart.due()).isEmpty();
    assertThat(afterRestart.offsets().moved()).containsEntry(0, 1L);
  }

  @Test
  void theEndOfAnEpisodeTheReceiverWasNeverToldBeganIsNotSent() {
    Triage triage = start(List.of());
    assertThat(triage.accept(encode(Alerts.alert("entity:ACME", Alert.Severity.WARNING, Alert.Status.RESOLVED, 4,
        windowEnd)), 0, 0)).isEqualTo(Triage.Outcome.UNANNOUNCED);

    clock.advance(Duration.ofMinutes(1));
    assertThat(triage.due()).isEmpty();
    assertThat(triage.offsets().moved()).containsEntry(0, 1L);
    assertThat(registry.get("bellwether.notifier.resolutions.unannounced").counter().count()).isEqualTo(1.0);
  }

  @Test
  void anEpisodeThatEndsWhileItsOpeningStillWaitsInItsGroupSendsNothing() {
    Triage triage = start(List.of());
    assertThat(triage.accept(encode(Alerts.firing("entity:ACME", windowEnd)), 0, 0)).isEqualTo(Triage.Outcome.QUEUED);
    clock.advance(Duration.ofSeconds(10));
    assertThat(triage.accept(encode(Alerts.alert("entity:ACME", Alert.Severity.WARNING, Alert.Status.RESOLVED, 2,
        windowEnd)), 0, 1)).isEqualTo(Triage.Outcome.UNANNOUNCED);

    clock.advance(Duration.ofMinutes(1));
    assertThat(triage.due()).isEmpty();
    assertThat(triage.offsets().moved()).containsEntry(0, 2L);
    assertThat(log).isEmpty();
    // The same episode read again (a restart before the commit) is judged the same way.
    assertThat(ledger.deliveredFiring(id("entity:ACME"), "email")).isFalse();
  }

  @Test
  void anOpenEpisodeLongerThanTheLedgersMemoryKeepsItsOpeningSoItsEndIsSent() {
    Triage triage = start(List.of());
    ledger.load(new Delivery(Delivery.SCHEMA_VERSION, id("entity:ACME"), "firing-warning", "email", 1, "entity:ACME",
        clock.instant()));
    clock.advance(Duration.ofHours(7));
    Instant episodeStart = windowEnd.minus(Duration.ofMinutes(15));
    assertThat(triage.accept(encode(Alerts.alert("entity:ACME", Alert.Severity.WARNING, Alert.Status.FIRING, 400,
        clock.instant(), episodeStart)), 0, 0)).isEqualTo(Triage.Outcome.UPDATE);
    ledger.forgetBefore(clock.instant().minus(Duration.ofHours(6)));

    assertThat(triage.accept(encode(Alerts.alert("entity:ACME", Alert.Severity.WARNING, Alert.Status.RESOLVED, 401,
        clock.instant(), episodeStart)), 0, 1)).isEqualTo(Triage.Outcome.QUEUED);
  }

  @Test
  void resolutionsAreNotSentWhenSendResolvedIsOff() {
    NotifierConfig base = config(List.of());
    NotifierConfig config = new NotifierConfig(base.console(), base.maxAlertAge(), base.email(), base.webhooks(),
        base.retry(), base.routing(), new NotifierConfig.Grouping(List.of(), Duration.ofSeconds(30),
            Duration.ofMinutes(5), false), base.silences(), base.rateLimit());
    Triage triage = new Triage(config, List.of("email"), new DeliveryLedger(log::add), registry, clock);
    triage.accept(encode(Alerts.alert("entity:ACME", Alert.Severity.WARNING, Alert.Status.RESOLVED, 4, windowEnd)), 0, 0);
    clock.advance(Duration.ofMinutes(1));
    assertThat(triage.due()).isEmpty();
  }

  private Triage start(List<NotifierConfig.SilenceSetting> silences) {
    NotifierConfig config = config(silences);
    List<Receiver> receivers = Receivers.of(config, Map.of(), new PrintStream(OutputStream.nullOutputStream()), clock);
    ledger = new DeliveryLedger(log::add);
    Triage triage = new Triage(config, receivers.stream().map(Receiver::name).toList(), ledger, registry, clock);
    dispatcher = new Dispatcher(receivers, NotifierConfig.Retry.DEFAULT, deadLetters::add, registry, clock, () -> 0.5,
        triage);
    return triage;
  }

  private static NotifierConfig config(List<NotifierConfig.SilenceSetting> silences) {
    NotifierConfig.Email email = new NotifierConfig.Email(true, "127.0.0.1", SMTP.getSmtp().getPort(), false, "", "", "",
        "bell@example.com", List.of("desk@example.com"), Duration.ofSeconds(5));
    return new NotifierConfig(false, Duration.ofHours(6), email, List.of(), NotifierConfig.Retry.DEFAULT,
        NotifierConfig.Routing.DEFAULT, ONE_GROUP, silences, NotifierConfig.RateLimit.UNLIMITED);
  }

  /** Everything for the receiver in one group, so alerts of several scopes that fire together are one email. */
  private static final NotifierConfig.Grouping ONE_GROUP = new NotifierConfig.Grouping(List.of(),
      NotifierConfig.Grouping.DEFAULT.groupWait(), NotifierConfig.Grouping.DEFAULT.groupInterval(), true);

  private static byte[] encode(Alert alert) {
    return Topics.ALERTS.valueSerde().codec().encode(alert);
  }

  private String id(String scope) {
    return Alert.idOf("negative-spike", scope, windowEnd.minus(Duration.ofMinutes(15)));
  }
}
