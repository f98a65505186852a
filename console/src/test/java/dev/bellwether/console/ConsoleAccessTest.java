package dev.bellwether.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bellwether.config.ConfigException;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.config.ConsoleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleAccessTest {

  private static final String ALICE = "alice-token-0123456789";
  private static final String BOB = "bob-token-9876543210xx";

  @TempDir Path dir;

  @Test
  void bindingBeyondLoopbackWithoutTokensStopsStartUpNamingTheSettings() {
    ConsoleConfig config = config(Map.of(ConfigLoader.envName("console.bind"), "0.0.0.0"));

    assertThatThrownBy(() -> ConsoleAccess.of(config, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("console.bind = '0.0.0.0'")
        .hasMessageContaining("console.tokens-file")
        .hasMessageContaining("BELLWETHER_CONSOLE_TOKEN");
  }

  @Test
  void loopbackWithoutTokensIsOpenAndRecordsLocal() {
    ConsoleAccess access = ConsoleAccess.of(config(Map.of()), Map.of());

    assertThat(access.open()).isTrue();
    assertThat(access.who(null, null)).contains(ConsoleAccess.LOCAL);
  }

  @Test
  void tokensFromTheFileAndTheEnvironmentAreNamedAndAnyOtherIsRefused() throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "# desk analysts\nalice:" + ALICE + "\n\n");
    ConsoleConfig config = config(Map.of(
        ConfigLoader.envName("console.bind"), "0.0.0.0",
        ConfigLoader.envName("console.tokens-file"), file.toString()));

    ConsoleAccess access = ConsoleAccess.of(config, Map.of("BELLWETHER_CONSOLE_TOKEN", BOB));

    assertThat(access.open()).isFalse();
    assertThat(access.who("Bearer " + ALICE, null)).contains("alice");
    assertThat(access.who(null, "theme=dark; " + ConsoleAccess.COOKIE + "=" + BOB)).contains(ConsoleAccess.DEFAULT_NAME);
    assertThat(access.who("Bearer " + ALICE + "x", null)).isEmpty();
    assertThat(access.who(null, null)).isEmpty();
  }

  @Test
  void tokensAreRequiredOnLoopbackTooOnceConfigured() {
    ConsoleAccess access = ConsoleAccess.of(config(Map.of()), Map.of("BELLWETHER_CONSOLE_TOKEN", "carol:" + ALICE));

    assertThat(access.loopback()).isTrue();
    assertThat(access.who(null, null)).isEmpty();
    assertThat(access.who("Bearer " + ALICE, null)).contains("carol");
  }

  @Test
  void aShortTokenIsRefusedWithoutRevealingIt() throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "alice:short\n");
    ConsoleConfig config = config(Map.of(ConfigLoader.envName("console.tokens-file"), file.toString()));

    assertThatThrownBy(() -> ConsoleAccess.of(config, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("at least 16 characters")
        .hasMessageNotContaining("short\n");
  }

  @Test
  void aMissingTokensFileNamesTheSetting() {
    ConsoleConfig config =
        config(Map.of(ConfigLoader.envName("console.tokens-file"), dir.resolve("absent").toString()));

    assertThatThrownBy(() -> ConsoleAccess.of(config, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("console.tokens-file");
  }

  @Test
  void onlyLoopbackHostHeadersPassOnAnOpenConsole() {
    assertThat(ConsoleAccess.loopbackHost("127.0.0.1:8080")).isTrue();
    assertThat(ConsoleAccess.loopbackHost("localhost:8080")).isTrue();
    assertThat(ConsoleAccess.loopbackHost("[::1]:8080")).isTrue();
    assertThat(ConsoleAccess.loopbackHost("attacker.example:8080")).isFalse();
    assertThat(ConsoleAccess.loopbackHost("127.0.0.1.attacker.example")).isFalse();
    assertThat(ConsoleAccess.loopbackHost(null)).isFalse();
  }

  @Test
  void badConsoleSettingsAreNamed() {
    assertThatThrownBy(() -> config(Map.of(ConfigLoader.envName("console.port"), "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("console.port")
        .hasMessageContaining("70000");
  }

  private static ConsoleConfig config(Map<String, String> env) {
    return new ConfigLoader().load(null, env).console();
  }
}
