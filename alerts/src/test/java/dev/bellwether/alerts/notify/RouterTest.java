package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Alert;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Routing rules: first match decides, continue adds later matches, unmatched alerts take the default. */
class RouterTest {

  private static final Instant END = Instant.parse("2026-11-29T10:15:00Z");
  private static final List<String> ALL = List.of("console", "email", "ops", "chat");

  private final Router router = new Router(new NotifierConfig.Routing(List.of("console"), List.of(
      new NotifierConfig.Rule("", "", "critical", List.of("email", "ops"), true),
      new NotifierConfig.Rule("entity", "entity:AC*", "", List.of("ops"), false),
      new NotifierConfig.Rule("", "topic:*", "", List.of("chat"), false),
      new NotifierConfig.Rule("", "", "", List.of("console"), false))), ALL);

  @Test
  void firstMatchingRuleDecides() {
    assertThat(router.receiversOf(alert("topic:Earnings", Alert.Severity.WARNING))).containsExactly("chat");
    assertThat(router.receiversOf(alert("entity:ACME", Alert.Severity.WARNING))).containsExactly("ops");
  }

  @Test
  void continueLetsLaterRulesAddReceiversEachOnce() {
    assertThat(router.receiversOf(alert("entity:ACME", Alert.Severity.CRITICAL))).containsExactly("email", "ops");
    assertThat(router.receiversOf(alert("topic:Rumours", Alert.Severity.CRITICAL)))
        .containsExactly("email", "ops", "chat");
  }

  @Test
  void alertNoRuleMatchesGoesToTheDefaultReceivers() {
    Router narrow = new Router(new NotifierConfig.Routing(List.of("console"), List.of(
        new NotifierConfig.Rule("topic", "", "", List.of("chat"), false))), ALL);
    assertThat(narrow.receiversOf(alert("entity:BETA", Alert.Severity.WARNING))).containsExactly("console");
    assertThat(narrow.receiversOf(alert("market", Alert.Severity.CRITICAL))).containsExactly("console");
  }

  @Test
  void emptyDefaultMeansEveryReceiver() {
    Router everyone = new Router(NotifierConfig.Routing.DEFAULT, ALL);
    assertThat(everyone.receiversOf(alert("market", Alert.Severity.WARNING))).containsExactlyElementsOf(ALL);
  }

  private static Alert alert(String scope, Alert.Severity severity) {
    return Alerts.alert(scope, severity, Alert.Status.FIRING, 1, END);
  }
}
