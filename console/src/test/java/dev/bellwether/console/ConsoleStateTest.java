package dev.bellwether.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.event.Alert;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.Incident;
import dev.bellwether.event.Sentiment;
import java.time.Instant;
import java.util.List;
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
  void chartsHoldTheLastWindowsOfTopicsAndEntitiesButNotTheMarket() {
    state.add(ConsoleFixtures.window("topic:Earnings", 1, -0.1));
    state.add(ConsoleFixtures.window("topic:Earnings", 3, -0.3));
    state.add(ConsoleFixtures.window("topic:Earnings", 2, -0.2));
    assertThat(state.add(ConsoleFixtures.window("entity:ACME", 2, -0.5))).isPresent();
    assertThat(state.add(ConsoleFixtures.window("market", 2, -0.5))).isEmpty();

    List<List<ConsoleView.WindowPoint>> charts = state.snapshot("x").charts();
    assertThat(charts).hasSize(2);
    assertThat(charts.get(0)).extracting(ConsoleView.WindowPoint::meanScore).containsExactly(-0.2, -0.3);
    assertThat(charts.get(1)).extracting(ConsoleView.WindowPoint::scope).containsExactly("entity:ACME");
    assertThat(charts.get(1).get(0).kind()).isEqualTo("entity");
  }

  @Test
  void entityChartsAreBoundedKeepingThoseOfAlertingEntities() {
    state.add(ConsoleFixtures.alert("entity:E0", 1));
    for (int i = 0; i <= ConsoleState.MAX_ENTITY_CHARTS + 5; i++) {
      state.add(ConsoleFixtures.window("entity:E" + i, 1, -0.1));
    }
    List<String> scopes = state.snapshot("x").charts().stream().map(c -> c.get(0).scope()).toList();
    assertThat(scopes).hasSize(ConsoleState.MAX_ENTITY_CHARTS).contains("entity:E0")
        .contains("entity:E" + (ConsoleState.MAX_ENTITY_CHARTS + 5)).doesNotContain("entity:E1");
  }

  @Test
  void itemsAreListedNewestPublishedFirstWhateverOrderTheyArrived() {
    state.add(ConsoleFixtures.scoredAt("late", ConsoleFixtures.T0.minusSeconds(600)));
    state.add(ConsoleFixtures.scoredAt("new", ConsoleFixtures.T0.plusSeconds(60)));
    state.add(ConsoleFixtures.scoredAt("mid", ConsoleFixtures.T0));

    assertThat(state.snapshot("x").items()).extracting(ConsoleView.Item::id).containsExactly("new", "mid", "late");
  }

  @Test
  void anIncidentKeepsItsLatestRevision() {
    Incident second = ConsoleFixtures.incident("i1", 2);
    state.add(second);
    assertThat(state.add(ConsoleFixtures.incident("i1", 1))).isEmpty();
    assertThat(state.snapshot("x").incidents()).containsExactly(second);
  }

  @Test
  void theStoriesOfAnAlertAreThoseOfItsScopeInTheWindowOfTheRevisionAsked() {
    var acme = ConsoleFixtures.scored("a1", "a1", "ACME falls", "Stock Movement", 0.9, 0.0, "ACME");
    var copy = ConsoleFixtures.scored("a2", "a1", "ACME falls, copy", "Stock Movement", 0.9, 0.0, "ACME");
    var other = ConsoleFixtures.scored("g1", "g1", "GLBX rises", "Stock Movement", 0.1, 0.8, "GLBX");
    var before = ConsoleFixtures.scoredAt("old", ConsoleFixtures.T0.minusSeconds(3600));
    ConsoleState roomy = new ConsoleState(10, 10, 10);
    List.of(acme, copy, other, before).forEach(roomy::add);
    Alert alert = ConsoleFixtures.alert("entity:ACME", 1, acme);
    roomy.add(alert);

    ConsoleView.Stories stories = roomy.stories(alert.id(), "first").orElseThrow();
    assertThat(stories.revision()).isEqualTo("latest");
    assertThat(stories.items()).extracting(ConsoleView.Item::id).containsExactlyInAnyOrder("a1", "a2");
    assertThat(stories.heldStories()).isEqualTo(1);
    assertThat(roomy.stories("nope", "peak")).isEmpty();
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
