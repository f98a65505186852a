package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second {@code bellwether run} on the data directory of a running one exits at once with one
 * line, before it changes anything there, and the first keeps running and stops normally.
 */
class DataDirLockIT {

  @TempDir Path dataDir;

  @Test
  @Timeout(180)
  void aSecondRunOnTheSameDataDirectoryExitsWithOneLineAndLeavesTheFirstRunning() throws Exception {
    BellwetherConfig config = new ConfigLoader().load(null, Map.of(
        ConfigLoader.envName("data-dir"), dataDir.toString(),
        ConfigLoader.envName("metrics.enabled"), "false",
        ConfigLoader.envName("embedded.broker-port"), "0"));
    Pipeline first = Pipeline.start(config, EnumSet.of(Component.NOTIFIER), new PrintStream(PrintStream.nullOutputStream()),
        Clock.systemUTC());
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> first.health().ready());
      Path quorumState = dataDir.resolve("kafka").resolve("__cluster_metadata-0").resolve("quorum-state");
      byte[] stateBefore = Files.readAllBytes(quorumState);

      CommandRun second = CommandRun.of("run", "--data-dir", dataDir.toString(), "--metrics-port", "0");

      assertThat(second.code()).isEqualTo(1);
      assertThat(second.err().strip()).doesNotContain("\n")
          .startsWith("bellwether: the data directory " + dataDir)
          .contains("in use by another Bellwether").contains("--data-dir");
      assertThat(Files.readAllBytes(quorumState)).isEqualTo(stateBefore);
      assertThat(first.health().ready()).isTrue();
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("alerts");
      }
    } finally {
      first.close();
    }
    // Stopped, it has released the directory: the next run starts on it.
    try (Pipeline next = Pipeline.start(config, EnumSet.of(Component.NOTIFIER),
        new PrintStream(PrintStream.nullOutputStream()), Clock.systemUTC())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> next.health().ready());
    }
  }
}
