package dev.bellwether.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notifier's routing, grouping, silence and rate-limit settings: defaults, loading, refusals. */
class NotifierHygieneConfigTest {

  private final ConfigLoader loader = new ConfigLoader();

  @TempDir Path dir;

  @Test
  void defaultsRouteEverythingToEveryReceiverGroupedByIncidentWithoutLimit() {
    NotifierConfig notifier = loader.load(null, Map.of()).notifier();
    assertThat(notifier.routing()).isEqualTo(NotifierConfig.Routing.DEFAULT);
    assertThat(notifier.grouping()).isEqualTo(NotifierConfig.Grouping.DEFAULT);
    assertThat(notifier.grouping().by()).containsExactly("incident");
    assertThat(notifier.silences()).isEmpty();
    assertThat(notifier.rateLimit().limited()).isFalse();
    assertThat(notifier.receiverNames()).containsExactly("console");
  }

  @Test
  void fileSetsRulesGroupingSilencesAndLimit() throws IOException {
    Path file = write("notifier:\n"
        + "  webhooks:\n    - name: ops\n      url: https://hooks.example.com/x\n"
        + "  routing:\n    receivers: [console]\n    rules:\n"
        + "      - severity: critical\n        receivers: [ops]\n        continue: true\n"
        + "      - scope-kind: topic\n        scope: \"topic:*\"\n        receivers: [console, ops]\n"
        + "  grouping:\n    by: [scope-kind, severity]\n    group-wait: 10s\n    group-interval: 2m\n    send-resolved: false\n"
        + "  silences:\n    - scope: entity:ACME\n      ends-at: 2026-12-01T18:00:00Z\n      comment: earnings call\n"
        + "      author: desk\n"
        + "  rate-limit:\n    max-messages: 6\n    per: 1h\n");
    NotifierConfig notifier = loader.load(file, Map.of()).notifier();
    assertThat(notifier.routing().rules()).hasSize(2);
    assertThat(notifier.routing().rules().get(0).continueMatching()).isTrue();
    assertThat(notifier.routing().rules().get(1).continueMatching()).isFalse();
    assertThat(notifier.routing().rules().get(1).scopeKind()).isEqualTo("topic");
    assertThat(notifier.grouping())
        .isEqualTo(new NotifierConfig.Grouping(List.of("scope-kind", "severity"), Duration.ofSeconds(10),
            Duration.ofMinutes(2), false));
    assertThat(notifier.silences()).singleElement().satisfies(s -> {
      assertThat(s.start()).isEqualTo(Instant.MIN);
      assertThat(s.end()).isEqualTo(Instant.parse("2026-12-01T18:00:00Z"));
      assertThat(s.comment()).isEqualTo("earnings call");
    });
    assertThat(notifier.rateLimit()).isEqualTo(new NotifierConfig.RateLimit(6, Duration.ofHours(1)));
  }

  @Test
  void routeToAReceiverThatIsNotOnStopsStartUpNamingSettingAndValue() throws IOException {
    Path file = write("notifier:\n  routing:\n    rules:\n      - severity: critical\n        receivers: [pager]\n");
    assertThatThrownBy(() -> loader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifier.routing.rules[0].receivers = 'pager'")
        .hasMessageContaining("receivers: console");
  }

  @Test
  void emailNamedInRoutingWhileDisabledIsRefused() throws IOException {
    Path file = write("notifier:\n  routing:\n    receivers: [email]\n");
    assertThatThrownBy(() -> loader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifier.routing.receivers = 'email'");
  }

  @Test
  void badGroupingSilenceAndRuleValuesAreRefusedNamingTheSetting() throws IOException {
    assertThatThrownBy(() -> loader.load(write("notifier:\n  grouping:\n    by: [colour]\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("notifier.grouping.by = 'colour'");
    assertThatThrownBy(() -> loader.load(write("notifier:\n  silences:\n    - scope: entity:ACME\n      ends-at: tomorrow\n"),
            Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("notifier.silences[0].ends-at = 'tomorrow'");
    assertThatThrownBy(() -> loader.load(write("notifier:\n  routing:\n    rules:\n      - severity: fatal\n"
            + "        receivers: [console]\n"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("notifier.routing.rules[0].severity = 'fatal'");
    assertThatThrownBy(() -> loader.load(null, Map.of("BELLWETHER_NOTIFIER_RATE_LIMIT_MAX_MESSAGES", "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("notifier.rate-limit.max-messages = '-1'");
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("bellwether.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
