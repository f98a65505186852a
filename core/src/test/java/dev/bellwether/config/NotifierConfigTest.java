package dev.bellwether.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notifier's email, webhook and retry settings: defaults, loading from a file, refusals. */
class NotifierConfigTest {

  private final ConfigLoader loader = new ConfigLoader();

  @TempDir Path dir;

  @Test
  void defaultsKeepTheConsoleOnlyAndEmailOffWithNoWebhooks() {
    NotifierConfig notifier = loader.load(null, Map.of()).notifier();
    assertThat(notifier.console()).isTrue();
    assertThat(notifier.maxAlertAge()).isEqualTo(Duration.ofHours(6));
    assertThat(notifier.email().enabled()).isFalse();
    assertThat(notifier.webhooks()).isEmpty();
    assertThat(notifier.retry()).isEqualTo(new NotifierConfig.Retry(5, Duration.ofSeconds(1), Duration.ofMinutes(1)));
  }

  @Test
  void fileEnablesEmailAndListsWebhooksWithTheirDefaults() throws IOException {
    Path file = write(
        "notifier:\n"
            + "  email:\n    enabled: true\n    host: smtp.example.com\n    username: bell\n"
            + "    password-env: SMTP_PASSWORD\n    from: bell@example.com\n    to: [a@example.com, b@example.com]\n"
            + "  webhooks:\n    - name: ops\n      url: https://hooks.example.com/x\n      secret-file: /run/secret\n"
            + "    - name: chat\n      url: http://127.0.0.1:9/hook\n      format: slack\n      timeout: 2s\n"
            + "  retry:\n    attempts: 3\n    initial-backoff: 10ms\n    max-backoff: 40ms\n");
    NotifierConfig notifier = loader.load(file, Map.of()).notifier();
    assertThat(notifier.email().port()).isEqualTo(587);
    assertThat(notifier.email().starttls()).isTrue();
    assertThat(notifier.email().to()).containsExactly("a@example.com", "b@example.com");
    assertThat(notifier.webhooks()).extracting(NotifierConfig.Webhook::name).containsExactly("ops", "chat");
    assertThat(notifier.webhooks().get(0).format()).isEqualTo("json");
    assertThat(notifier.webhooks().get(0).timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(notifier.webhooks().get(1).format()).isEqualTo("slack");
    assertThat(notifier.retry().initialBackoff()).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void unknownWebhookFormatIsRefusedWithItsPathAndValue() throws IOException {
    Path file = write("notifier:\n  webhooks:\n    - name: ops\n      url: https://h.example.com/\n      format: xml\n");
    assertThatThrownBy(() -> loader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifier.webhooks[0].format")
        .hasMessageContaining("'xml'")
        .hasMessageContaining("json, slack, alertmanager");
  }

  @Test
  void enabledEmailWithoutRecipientsIsRefused() {
    assertThatThrownBy(() -> loader.load(null, Map.of(
            "BELLWETHER_NOTIFIER_EMAIL_ENABLED", "true", "BELLWETHER_NOTIFIER_EMAIL_FROM", "bell@example.com")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifier.email.to");
  }

  @Test
  void retryBackoffsMustBeOrdered() {
    assertThatThrownBy(() -> loader.load(null, Map.of("BELLWETHER_NOTIFIER_RETRY_MAX_BACKOFF", "500ms")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifier.retry.max-backoff = '500ms'")
        .hasMessageContaining("initial-backoff (1s)");
  }

  @Test
  void recordsRefuseBadValuesNamingTheSetting() {
    assertThatThrownBy(() -> new NotifierConfig.Retry(0, Duration.ofMillis(10), Duration.ofMillis(10)))
        .isInstanceOf(InvalidSettingException.class).hasMessage("attempts = '0': must be at least 1");
    assertThatThrownBy(() -> webhook("ops", "ftp://h.example.com/", "json"))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("url").hasMessageContaining("http or https");
    assertThatThrownBy(() -> new NotifierConfig(true, Duration.ofHours(1), null,
            List.of(webhook("ops", "https://a.example.com/", "json"), webhook("ops", "https://b.example.com/", "slack")),
            null))
        .isInstanceOf(InvalidSettingException.class).hasMessage("webhooks = 'ops': webhook names must be unique");
    assertThatThrownBy(() -> new NotifierConfig.Email(true, "smtp.example.com", 587, true, "bell", "", "", "bell@example.com",
            List.of("a@example.com"), null))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("username = 'bell'")
        .hasMessageContaining("password-env or password-file");
    assertThatThrownBy(() -> new NotifierConfig.Email(true, "smtp.example.com", 587, true, "", "", "", "bell",
            List.of("a@example.com"), null))
        .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("from = 'bell': must be an email address");
  }

  @Test
  void aSecretPastedWhereItsSourceBelongsIsNeverEchoed() {
    String pasted = "hunter2 with spaces!";
    assertThatThrownBy(() -> new NotifierConfig.Webhook("ops", "https://h.example.com/", "json", pasted, "", null))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("secret-env")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pasted));
    assertThatThrownBy(() -> new NotifierConfig.Webhook("ops", "https://h.example.com/", "json", "A", "/f", null))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("not both");
  }

  @Test
  void webhookUrlStaysOutOfItsTextForm() {
    NotifierConfig.Webhook webhook = webhook("chat", "https://hooks.example.com/services/T0/B0/token123", "slack");
    assertThat(webhook.toString()).doesNotContain("token123").contains("chat");
  }

  private static NotifierConfig.Webhook webhook(String name, String url, String format) {
    return new NotifierConfig.Webhook(name, url, format, "", "", null);
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("bellwether.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
