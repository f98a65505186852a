package dev.bellwether.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bellwether.event.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The windows' per-kind settings and the sequential rule's settings, as loaded from a config file. */
class WindowConfigTest {

  @TempDir Path dir;

  private AlertsConfig load(String alertsYaml) throws IOException {
    Path file = dir.resolve("bellwether.yaml");
    Files.writeString(file, "alerts:\n" + alertsYaml.indent(2));
    return new ConfigLoader().load(file, Map.of()).alerts();
  }

  @Test
  void everyKindHasTheGeneralWindowsUnlessItSetsItsOwn() throws IOException {
    WindowConfig window = load("""
        window:
          size: 20m
          by-kind:
            entity: {size: 30m, advance: 2m}
        """).window();

    assertThat(window.forKind(Scope.Kind.TOPIC).size()).isEqualTo(Duration.ofMinutes(20));
    assertThat(window.forKind(Scope.Kind.MARKET).advance()).isEqualTo(Duration.ofMinutes(1));
    assertThat(window.forKind(Scope.Kind.ENTITY).size()).isEqualTo(Duration.ofMinutes(30));
    assertThat(window.forKind(Scope.Kind.ENTITY).advance()).isEqualTo(Duration.ofMinutes(2));
    assertThat(window.forKind(Scope.Kind.ENTITY).grace()).isEqualTo(window.grace());
  }

  @Test
  void shippedDefaultsAreAlikeForEveryKind() {
    WindowConfig window = new ConfigLoader().load(null, Map.of()).alerts().window();

    assertThat(window.kinds().values()).allSatisfy(w -> assertThat(w).isEqualTo(new WindowConfig(
        window.size(), window.advance(), window.grace())));
  }

  @Test
  void refusesAKindWindowThatBreaksTheRulesNamingTheKindAndValue() {
    assertThatThrownBy(() -> load("window:\n  by-kind:\n    market: {advance: 7m}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.window.by-kind.market.advance")
        .hasMessageContaining("7m");
    assertThatThrownBy(() -> load("window:\n  by-kind:\n    sector: {size: 5m}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.window.by-kind")
        .hasMessageContaining("'sector'");
  }

  @Test
  void refusesASequentialRatioThatCannotRiseAboveBaseline() throws IOException {
    assertThatThrownBy(() -> load("spike:\n  sequential-ratio: 1.0\n  sequential-threshold: 6\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.spike.sequential-ratio")
        .hasMessageContaining("'1.0'");
    assertThat(load("spike:\n  sequential-ratio: 1.0\n  sequential-threshold: 0\n").spike().sequentialThreshold())
        .as("a ratio of 1 is fine with the rule off").isZero();
    assertThatThrownBy(() -> load("spike:\n  by-kind:\n    entity: {sequential-threshold: -1}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.spike.by-kind.entity.sequential-threshold");
  }

  @Test
  void theMarketCountsTheMarketTopicsAndGuessedScoresCountNowhereByDefault() throws IOException {
    AlertsConfig defaults = new ConfigLoader().load(null, Map.of()).alerts();
    assertThat(defaults.marketTopics()).contains("Markets", "Stock Movement", "Macro").doesNotContain("Earnings", "Dividend",
        "General News | Opinion", "Politics");
    assertThat(defaults.skipFlags()).contains("not-english", "non-latin-script", "empty-text");
    assertThat(load("market-topics: []\n").marketTopics()).as("every story in the market").isEmpty();
    assertThatThrownBy(() -> load("market-topics: [Markets, \"\"]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.market-topics[1]");
  }
}
