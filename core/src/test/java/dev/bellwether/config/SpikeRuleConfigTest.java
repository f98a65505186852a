package dev.bellwether.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spike rule's per-kind and per-scope settings, as loaded from a config file. */
class SpikeRuleConfigTest {

  @TempDir Path dir;

  private SpikeRuleConfig load(String spikeYaml) throws IOException {
    Path file = dir.resolve("bellwether.yaml");
    Files.writeString(file, "alerts:\n  spike:\n" + spikeYaml.indent(4));
    return new ConfigLoader().load(file, Map.of()).alerts().spike();
  }

  @Test
  void scopeTakesTheGeneralThenItsKindsThenItsOwnSettings() throws IOException {
    SpikeRuleConfig rules = load("""
        z-warning: 3.0
        by-kind:
          market: {z-warning: 4.0, min-negative-stories: 10}
          entity: {z-warning: 3.5}
        overrides:
          - {scope: "entity:ACME", z-warning: 6.0, z-critical: 9.0}
        """);
    SpikeRuleConfig defaults = new ConfigLoader().load(null, Map.of()).alerts().spike();

    assertThat(rules.forScope("topic:Macro").zWarning()).isEqualTo(3.0);
    assertThat(rules.forScope("market").zWarning()).isEqualTo(4.0);
    assertThat(rules.forScope("market").minNegativeStories()).isEqualTo(10);
    assertThat(rules.forScope("entity:GLOBEX").zWarning()).isEqualTo(3.5);
    assertThat(rules.forScope("entity:ACME").zWarning()).isEqualTo(6.0);
    assertThat(rules.forScope("entity:ACME").minNegativeStories()).isEqualTo(defaults.minNegativeStories());
    assertThat(rules.forScope("entity:ACME").overrides()).isEmpty();
    assertThat(defaults.forScope("market")).isSameAs(defaults);
  }

  @Test
  void refusesAnUnknownKindNamingIt() {
    assertThatThrownBy(() -> load("by-kind:\n  sector: {z-warning: 4.0}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.spike.by-kind")
        .hasMessageContaining("'sector'");
  }

  @Test
  void refusesAKindSettingThatBreaksTheRuleNamingTheKindAndValue() {
    assertThatThrownBy(() -> load("by-kind:\n  market: {z-critical: 1.0}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.spike.by-kind.market.z-critical")
        .hasMessageContaining("'1.0'");
  }

  @Test
  void refusesABadOverrideNamingItsPositionAndValue() {
    assertThatThrownBy(() -> load("overrides:\n  - {scope: \"sector:Tech\", z-warning: 6}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.spike.overrides[0].scope")
        .hasMessageContaining("'sector:Tech'");
    assertThatThrownBy(() -> load("overrides:\n  - {scope: market}\n  - {scope: market, z-warning: 9}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.spike.overrides[1].scope")
        .hasMessageContaining("repeats overrides[0]");
    assertThatThrownBy(() -> load("overrides:\n  - {scope: \"entity:ACME\", ratio-warning: 0.5}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.spike.overrides[0].ratio-warning")
        .hasMessageContaining("'0.5'");
  }

  @Test
  void refusesAWatchLevelAboveTheWarningLevel() {
    assertThatThrownBy(() -> load("z-watch: 4.0\nz-warning: 3.0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.spike.z-warning")
        .hasMessageContaining("'3.0'");
  }

  @Test
  void shipsTheSurgeRuleAloneWithItsMultiplesAndThreshold() throws IOException {
    SpikeRuleConfig defaults = new ConfigLoader().load(null, Map.of()).alerts().spike();
    assertThat(defaults.surgeRatios()).containsExactly(2.0, 4.0, 8.0);
    assertThat(defaults.surgeThreshold()).isPositive();
    assertThat(defaults.windowRule()).isFalse();
    assertThat(defaults.sequentialThreshold()).isZero();
    SpikeRuleConfig market = load("by-kind:\n  market: {surge-threshold: 6.0, surge-ratios: [3.0], window-rule: true}\n")
        .forScope("market");
    assertThat(market.surgeThreshold()).isEqualTo(6.0);
    assertThat(market.surgeRatios()).containsExactly(3.0);
    assertThat(market.windowRule()).isTrue();
  }

  @Test
  void refusesSurgeSettingsThatCannotWorkNamingThem() throws IOException {
    assertThatThrownBy(() -> load("surge-ratios: [2.0, 1.0]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.spike.surge-ratios[1]")
        .hasMessageContaining("'1.0'")
        .hasMessageContaining("above 1");
    assertThatThrownBy(() -> load("surge-ratios: []\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.spike.surge-ratios")
        .hasMessageContaining("surge-threshold: 0");
    assertThatThrownBy(() -> load("surge-ratios: [2, 3, 4, 5, 6]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("at most 4");
    assertThatThrownBy(() -> load("min-expected-per-hour: 0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.spike.min-expected-per-hour");
    assertThatThrownBy(() -> load("by-kind:\n  entity: {surge-min-sources: 0}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.spike.by-kind.entity.surge-min-sources")
        .hasMessageContaining("'0'");
    assertThat(load("surge-threshold: 0\nsurge-ratios: []\n").surgeThreshold()).as("the rule turned off").isZero();
  }
}
