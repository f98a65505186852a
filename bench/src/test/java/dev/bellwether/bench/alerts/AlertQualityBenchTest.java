package dev.bellwether.bench.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.kafka.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertQualityBenchTest {

  private static Scorecard card;
  private static String progress;

  @BeforeAll
  static void replaySixHours() {
    AlertsConfig defaults = new ConfigLoader().load(null, Map.of()).alerts();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    card = AlertQualityBench.run(defaults, 6, 42L, new PrintStream(err, true, StandardCharsets.UTF_8));
    progress = err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void injectsSpikesOfEverySizeAcrossAllScopes() {
    assertThat(card.hours()).isEqualTo(6);
    assertThat(card.scopes()).isEqualTo(BenchStream.scopes().size());
    assertThat(card.spikes()).isEqualTo(9);
    assertThat(card.recallBySize()).containsOnlyKeys("2x", "3x", "5x");
    assertThat(card.items()).isGreaterThan(1_000);
  }

  @Test
  void scoresAreProportionsAndCountsAddUp() {
    assertThat(card.recall()).isBetween(0.0, 1.0);
    card.recallBySize().values().forEach(r -> assertThat(r).isBetween(0.0, 1.0));
    assertThat(card.falseAlertsPerScopeDay()).isGreaterThanOrEqualTo(0.0);
    assertThat(card.detected() + card.falseAlerts() + card.collateral()).isEqualTo(card.episodes());
    assertThat(card.falseAlertsPerScopeDay())
        .isCloseTo(card.falseAlerts() / (card.scopes() * 6 / 24.0), org.assertj.core.data.Offset.offset(1e-9));
    if (card.detected() > 0) {
      assertThat(card.medianDelayWindows()).isBetween(0.0, 45.0);
      assertThat(card.medianDelayBySize().values()).as("some size has a median when a spike was found")
          .anyMatch(d -> !d.isNaN());
    } else {
      assertThat(card.medianDelayWindows()).isNaN();
    }
    if (card.detectable() > 0) {
      assertThat(card.medianEvidentWindows()).as("an alert cannot come before the end of the spike's first advance")
          .isGreaterThan(0.0);
    }
  }

  @Test
  void jsonHasTheDocumentedKeys() throws Exception {
    String json = Json.mapper().writeValueAsString(card.toJson());
    JsonNode parsed = Json.mapper().readTree(json);
    for (String key : List.of(
        "recall", "recall_by_size", "false_alerts_per_scope_day", "median_delay_windows", "spikes", "scopes", "hours")) {
      assertThat(parsed.has(key)).as(key).isTrue();
    }
    assertThat(parsed.get("recall_by_size").fieldNames()).toIterable().containsExactly("2x", "3x", "5x");
    assertThat(parsed.get("median_delay_by_size").fieldNames()).toIterable().containsExactly("2x", "3x", "5x");
    assertThat(parsed.has("median_evident_windows")).isTrue();
    assertThat(parsed.get("hours").asInt()).isEqualTo(6);
    assertThat(parsed.get("spikes").asInt()).isEqualTo(card.spikes());
  }

  @Test
  void reportsProgressWithAnEstimate() {
    assertThat(progress).contains("ETA").contains("100% replayed");
  }

  @Test
  void sameSeedGivesTheSameStream() {
    BenchStream.Generated a = new BenchStream(7L, dev.bellwether.alerts.window.ScopeFanOut.ALL).generate(AlertQualityBench.START, java.time.Duration.ofHours(3));
    BenchStream.Generated b = new BenchStream(7L, dev.bellwether.alerts.window.ScopeFanOut.ALL).generate(AlertQualityBench.START, java.time.Duration.ofHours(3));
    assertThat(a.items()).isEqualTo(b.items());
    assertThat(a.spikes()).isEqualTo(b.spikes());
  }

  @Test
  void volumeSpikesBringMoreNewsOfTheirScopeAndSlowOnesBuildUp() {
    java.time.Duration day = java.time.Duration.ofHours(24);
    dev.bellwether.alerts.window.ScopeFanOut all = dev.bellwether.alerts.window.ScopeFanOut.ALL;
    BenchStream.Generated share = new BenchStream(7L, all).generate(AlertQualityBench.START, day, BenchStream.Kind.SHARE);
    BenchStream.Generated volume = new BenchStream(7L, all).generate(AlertQualityBench.START, day, BenchStream.Kind.VOLUME);
    InjectedSpike spike = volume.spikes().get(2);
    assertThat(spike.scope()).isEqualTo(share.spikes().get(2).scope());
    assertThat(inSpike(volume, spike)).as("items of %s during its %s volume spike", spike.scope(), spike.size())
        .isGreaterThan(2 * inSpike(share, spike));

    BenchStream.Generated slow = new BenchStream(7L, all).generate(AlertQualityBench.START, day, BenchStream.Kind.SLOW);
    InjectedSpike ramp = slow.spikes().get(2);
    assertThat(java.time.Duration.between(ramp.start(), ramp.end()).toMinutes()).isBetween(120L, 180L);
    assertThat(ramp.factorAt(ramp.start())).isEqualTo(1.0);
    assertThat(ramp.factorAt(ramp.end())).isEqualTo(ramp.factor());
  }

  @Test
  void aWarmUpComesBeforeTheMeasuredHoursAndLeavesThemAsTheyWere() {
    java.time.Duration hours = java.time.Duration.ofHours(3);
    dev.bellwether.alerts.window.ScopeFanOut all = dev.bellwether.alerts.window.ScopeFanOut.ALL;
    BenchStream.Generated cold = new BenchStream(7L, all).generate(AlertQualityBench.START, hours, BenchStream.Kind.SHARE);
    BenchStream.Generated warm = new BenchStream(7L, all)
        .generate(AlertQualityBench.START, hours, BenchStream.Kind.SHARE, java.time.Duration.ofDays(1));
    List<dev.bellwether.event.ScoredNewsItem> measured = warm.items().stream()
        .filter(i -> !i.item().publishedAt().isBefore(AlertQualityBench.START)).toList();
    assertThat(measured).isEqualTo(cold.items());
    assertThat(warm.items().size() - measured.size()).as("a day of calm news").isGreaterThan(10_000);
    assertThat(warm.spikes()).isEqualTo(cold.spikes());
  }

  private static long inSpike(BenchStream.Generated g, InjectedSpike spike) {
    return g.items().stream()
        .filter(i -> !i.item().publishedAt().isBefore(spike.start()) && i.item().publishedAt().isBefore(spike.end()))
        .filter(i -> spike.scope().equals("topic:" + i.topic().label()) || i.item().entities().stream()
            .anyMatch(e -> spike.scope().equals("entity:" + e)))
        .count();
  }
}
