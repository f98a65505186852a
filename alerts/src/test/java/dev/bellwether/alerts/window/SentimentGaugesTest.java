package dev.bellwether.alerts.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.config.WindowConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.WindowStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentimentGaugesTest {

  private static final Instant END = Instant.parse("2026-11-30T10:15:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SentimentGauges gauges = SentimentGauges.register(registry, 2);

  @Test
  void keepsEveryTopicAndTheMarketButOnlyTheMostNegativeEntities() {
    gauges.record(stats("market", END, 100, 10, 0.1));
    gauges.record(stats("topic:Earnings", END, 20, 2, 0.2));
    gauges.record(stats("entity:ACME", END, 10, 8, -0.6));
    gauges.record(stats("entity:BOLT", END, 10, 1, 0.3));
    gauges.record(stats("entity:CRUX", END, 10, 5, -0.1));

    assertThat(gauges.shownScopes()).containsExactly("market", "topic:Earnings", "entity:ACME", "entity:CRUX");
    assertThat(share("entity", "ACME")).isEqualTo(0.8);
    assertThat(registry.find(SentimentGauges.NEGATIVE_SHARE).tag("scope", "BOLT").gauge()).isNull();
    assertThat(registry.get(SentimentGauges.MEAN_SCORE).tags("kind", "topic", "scope", "Earnings").gauge().value())
        .isEqualTo(0.2);
    assertThat(registry.get(SentimentGauges.STORIES).tags("kind", "market", "scope", "market").gauge().value())
        .isEqualTo(100);
  }

  @Test
  void showsTheLatestWindowEvenWhenAnOlderOneClosesAfterIt() {
    gauges.record(stats("topic:Earnings", END, 20, 10, -0.4));
    gauges.record(stats("topic:Earnings", END.minus(Duration.ofMinutes(1)), 20, 2, 0.2));

    assertThat(share("topic", "Earnings")).isEqualTo(0.5);

    gauges.record(stats("topic:Earnings", END.plus(Duration.ofMinutes(1)), 20, 4, 0.0));

    assertThat(share("topic", "Earnings")).isEqualTo(0.2);
  }

  @Test
  void dropsEntitiesWhoseLatestWindowIsOlderThanOneAdvanceBeforeTheNewest() {
    gauges.record(stats("entity:ACME", END, 10, 8, -0.6));
    gauges.record(stats("entity:BOLT", END.plus(Duration.ofMinutes(1)), 10, 1, 0.3));
    assertThat(gauges.shownScopes()).containsExactly("entity:ACME", "entity:BOLT");

    gauges.record(stats("entity:BOLT", END.plus(Duration.ofMinutes(2)), 10, 1, 0.3));

    assertThat(gauges.shownScopes()).containsExactly("entity:BOLT");
  }

  @Test
  void aTopicWindowFromTwoHoursAgoIsNotExportedAsCurrent() {
    gauges.record(stats("topic:Dividend", END, 10, 1, 0.1));
    gauges.record(stats("topic:Earnings", END, 10, 1, 0.1));
    gauges.record(stats("topic:Earnings", END.plus(Duration.ofHours(2)), 10, 1, 0.1));

    assertThat(gauges.shownScopes()).containsExactly("topic:Earnings");
    assertThat(registry.find(SentimentGauges.NEGATIVE_SHARE).tag("scope", "Dividend").gauge()).isNull();
  }

  @Test
  void entitiesWithFewerStoriesThanTheMinimumDoNotPushOutABusyNegativeOne() {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    SentimentGauges minimum = SentimentGauges.register(own, 2, 5,
        new WindowConfig(Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ZERO));
    minimum.record(stats("entity:ONE", END, 1, 1, -0.9));
    minimum.record(stats("entity:TWO", END, 2, 2, -0.9));
    minimum.record(stats("entity:ACME", END, 94, 77, -0.6));
    minimum.record(stats("entity:BOLT", END, 20, 2, 0.1));

    assertThat(minimum.shownScopes()).containsExactly("entity:ACME", "entity:BOLT");
  }

  @Test
  void anAlertingEntityKeepsItsSeriesWhileItsAlertFiresWhateverItsRankCountOrAge() {
    gauges.record(stats("entity:ACME", END, 10, 1, -0.1));
    gauges.alert(alert("entity:ACME", Alert.Status.FIRING));
    gauges.record(stats("entity:BOLT", END.plus(Duration.ofMinutes(5)), 10, 9, -0.6));
    gauges.record(stats("entity:CRUX", END.plus(Duration.ofMinutes(5)), 10, 8, -0.6));

    assertThat(gauges.shownScopes()).containsExactly("entity:ACME", "entity:BOLT", "entity:CRUX");
    assertThat(share("entity", "ACME")).isEqualTo(0.1);

    gauges.alert(alert("entity:ACME", Alert.Status.RESOLVED));

    assertThat(gauges.shownScopes()).containsExactly("entity:BOLT", "entity:CRUX");
  }

  private static Alert alert(String scope, Alert.Status status) {
    return new Alert(Alert.SCHEMA_VERSION, "id-" + scope, "negative-spike", scope, Alert.Severity.WARNING, status, END,
        END, END, 0.5, 0.1, 5, 1.0, 4.0, 5.0, List.of(), List.of(), 1, END);
  }

  private double share(String kind, String scope) {
    return registry.get(SentimentGauges.NEGATIVE_SHARE).tags("kind", kind, "scope", scope).gauge().value();
  }

  private static WindowStats stats(String scope, Instant end, long stories, long negativeStories, double mean) {
    return new WindowStats(
        WindowStats.SCHEMA_VERSION, scope, end.minus(Duration.ofMinutes(15)), end, stories, negativeStories, 0,
        stories - negativeStories, stories, negativeStories, (double) negativeStories / stories, mean, List.of(),
        List.of());
  }
}
