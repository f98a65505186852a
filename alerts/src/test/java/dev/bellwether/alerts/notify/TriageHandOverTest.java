package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.config.ConfigLoader;
import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Delivery;
import dev.bellwether.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What one notifier does with alerts-topic records that another notifier handled before it (after
 * a rebalance or a restart), and with what it holds of partitions it loses.
 */
class TriageHandOverTest {

  private static final Instant END = Instant.parse("2026-11-29T10:15:00Z");
  private final MutableClock clock = new MutableClock(END.plusSeconds(20));
  private final NotifierConfig config = new ConfigLoader().load(null, Map.of()).notifier();
  private final List<Delivery> logged = new ArrayList<>();
  private final DeliveryLedger ledger = new DeliveryLedger(logged::add);
  private final Triage triage = new Triage(config, List.of("console"), ledger, new SimpleMeterRegistry(), clock);

  private static byte[] encode(Alert alert) {
    return dev.bellwether.kafka.Topics.ALERTS.valueSerde().codec().encode(alert);
  }

  private List<Batch> dueAfterGroupWait() {
    clock.advance(config.grouping().groupWait().plus(Duration.ofSeconds(1)));
    return triage.due();
  }

  @Test
  void aCriticalRevisionFirstSeenHereEscalatesForReceiversThatWereToldOfTheWarning() {
    Alert critical = Alerts.alert("entity:ACME", Alert.Severity.CRITICAL, Alert.Status.FIRING, 3, END);
    ledger.load(new Delivery(Delivery.SCHEMA_VERSION, critical.id(), "firing-warning", "console", 1, "entity:ACME", END));

    assertThat(triage.accept(encode(critical), 0, 12)).isEqualTo(Triage.Outcome.QUEUED);

    List<Batch> due = dueAfterGroupWait();
    assertThat(due).singleElement().satisfies(b -> assertThat(b.entries()).singleElement()
        .satisfies(e -> assertThat(e.announcement().event()).isEqualTo(AlertLine.Event.ESCALATED)));
  }

  @Test
  void aCriticalRevisionFirstSeenHereStaysQuietWhenNobodyWasToldOfTheEpisodeOrItsEscalationWasSent() {
    Alert critical = Alerts.alert("entity:ACME", Alert.Severity.CRITICAL, Alert.Status.FIRING, 3, END);
    assertThat(triage.accept(encode(critical), 0, 12)).isEqualTo(Triage.Outcome.UPDATE);

    Alert other = Alerts.alert("entity:BOLT", Alert.Severity.CRITICAL, Alert.Status.FIRING, 4, END);
    ledger.load(new Delivery(Delivery.SCHEMA_VERSION, other.id(), "firing-warning", "console", 1, "entity:BOLT", END));
    ledger.load(new Delivery(Delivery.SCHEMA_VERSION, other.id(), "firing-critical", "console", 3, "entity:BOLT", END));
    assertThat(triage.accept(encode(other), 1, 40)).isEqualTo(Triage.Outcome.ALREADY_DELIVERED);
    assertThat(dueAfterGroupWait()).isEmpty();
  }

  @Test
  void revokingAPartitionDropsItsWaitingAnnouncementsAndKeepsTheirRecordsUncommitted() {
    triage.accept(encode(Alerts.firing("entity:ACME", END)), 0, 5);
    triage.accept(encode(Alerts.firing("entity:BOLT", END)), 1, 9);
    assertThat(triage.offsets().positions()).containsEntry(0, 5L).containsEntry(1, 9L);

    assertThat(triage.revoke(Set.of(0), List.of())).isEqualTo(1);

    // Partition 0's record stays where the next owner starts; its claim is free for that owner's ledger.
    assertThat(triage.offsets().positions()).containsEntry(0, 5L);
    assertThat(ledger.claim(Delivery.keyOf(Alerts.firing("entity:ACME", END).id(), "firing-warning", "console")))
        .isTrue();
    assertThat(dueAfterGroupWait()).singleElement()
        .satisfies(b -> assertThat(b.entries()).extracting(e -> e.announcement().alert().scope())
            .containsExactly("entity:BOLT"));
  }
}
