package dev.bellwether.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.event.Alert;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.Sentiment;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsoleStateTest {

  private final ConsoleState state = new ConsoleState(3, 2, 2);

  @Test
  void keepsTheNewestItemsAndCountsStoryCopiesAmongThem() {
    state.add(ConsoleFixtures.scored("a", "a", "first", "Earnings", 0.1, 0.1));
    state.add(ConsoleFixtures.scored("b", "a", "copy of first", "Earnings", 0.1, 0.1));
    state.add(ConsoleFixtures.scored("c", "c", "second", "Earnings", 0.1, 0.1));
    ConsoleView.Item d = state.add(ConsoleFixtures.scored("d", "a", "another copy", "Earnings", 0.1, 0.1));

    assertThat(state.snapshot("x").items()).extracting(ConsoleView.Item::id).containsExactly("d", "c", "b");
    assertThat(d.storySize()).isEqualTo(2);
    assertThat(state.item("a")).isEmpty();
  }

  @Test
  void anAlertKeepsItsLatestRevisionAndOnlyTheMostRecentlyUpdatedAlertsAreKept() {
    Alert first = ConsoleFixtures.alert("entity:ACME", 2);
    state.add(first);

    assertThat(state.add(ConsoleFixtures.alert("entity:ACME", 1))).isEmpty();
    assertThat(state.alert(first.id()).orElseThrow().revision()).isEqualTo(2);

    state.add(ConsoleFixtures.alert("entity:BETA", 1));
    state.add(ConsoleFixtures.alert("market", 1));
    assertThat(state.snapshot("x").alerts()).extracting(c -> c.alert().scope()).containsExactly("market", "entity:BETA");
  }

  @Test
  void chartsHoldTheLastWindowsOfTopicsOnly() {
    state.add(ConsoleFixtures.window("topic:Earnings", 1, -0.1));
    state.add(ConsoleFixtures.window("topic:Earnings", 3, -0.3));
    state.add(ConsoleFixtures.window("topic:Earnings", 2, -0.2));
    assertThat(state.add(ConsoleFixtures.window("entity:ACME", 2, -0.5))).isEmpty();
    assertThat(state.add(ConsoleFixtures.window("market", 2, -0.5))).isEmpty();

    assertThat(state.snapshot("x").charts()).hasSize(1);
    assertThat(state.snapshot("x").charts().get(0)).extracting(ConsoleView.WindowPoint::meanScore)
        .containsExactly(-0.2, -0.3);
  }

  @Test
  void theLatestVerdictReplacesTheEarlierOneAndAcknowledgementStays() {
    Alert alert = ConsoleFixtures.alert("entity:ACME", 1);
    state.add(alert);
    Feedback.AlertRef ref = Feedback.AlertRef.of(alert);
    Instant t = ConsoleFixtures.T0;

    state.apply(new Feedback(1, "1", Feedback.Kind.ALERT_ACKNOWLEDGED, "alice", t, null, null, null, ref, null, ""));
    state.apply(new Feedback(1, "2", Feedback.Kind.ALERT_USEFUL, "alice", t, null, null, null, ref, null, ""));
    state.apply(new Feedback(1, "3", Feedback.Kind.ALERT_FALSE_ALARM, "bob", t, null, null, null, ref, null, ""));

    ConsoleView.AlertCard card = state.snapshot("x").alerts().get(0);
    assertThat(card.acknowledgedBy()).isEqualTo("alice");
    assertThat(card.verdict()).isEqualTo("false-alarm");
    assertThat(card.verdictBy()).isEqualTo("bob");
  }

  @Test
  void feedbackForAnItemTheConsoleNoLongerHoldsChangesNothing() {
    var scored = ConsoleFixtures.scored("gone", "gone", "old", "Earnings", 0.8, 0.1);
    Feedback f = new Feedback(1, "1", Feedback.Kind.LABEL, "alice", ConsoleFixtures.T0,
        Feedback.Item.of(scored.item()), Feedback.Prediction.of(scored),
        new Feedback.Correction(null, Sentiment.POSITIVE), null, null, "");

    assertThat(state.apply(f)).isEmpty();
  }
}
