package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigException;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.config.EmbeddedConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's port is the same on every run by default, with a fallback that is said when it is taken. */
class BrokerPortIT {

  @TempDir Path dataDir;

  @Test
  void theDefaultPortIsFixed() {
    assertThat(new ConfigLoader().load(null, Map.of()).embedded().brokerPort())
        .isEqualTo(EmbeddedConfig.DEFAULT_BROKER_PORT);
  }

  @Test
  @Timeout(120)
  void aTakenDefaultPortFallsBackToAFreeOneAndSaysSo() throws Exception {
    try (ServerSocket taken = occupy(EmbeddedConfig.DEFAULT_BROKER_PORT)) {
      assertThat(taken.isBound()).isTrue();
      try (Pipeline pipeline = Pipeline.start(config(null), EnumSet.of(Component.NOTIFIER),
          new PrintStream(PrintStream.nullOutputStream()), Clock.systemUTC())) {
        assertThat(pipeline.bootstrapServers()).startsWith("127.0.0.1:")
            .isNotEqualTo("127.0.0.1:" + EmbeddedConfig.DEFAULT_BROKER_PORT);
        assertThat(pipeline.brokerNote()).contains("port " + EmbeddedConfig.DEFAULT_BROKER_PORT)
            .contains("embedded.broker-port");
      }
    }
  }

  @Test
  @Timeout(60)
  void aTakenPortThatWasAskedForStopsStartUpNamingTheSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> Pipeline.start(config(port), EnumSet.of(Component.NOTIFIER),
          new PrintStream(PrintStream.nullOutputStream()), Clock.systemUTC()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("embedded.broker-port = " + port).hasMessageContaining("taken");
    }
  }

  private BellwetherConfig config(Integer brokerPort) {
    Map<String, String> env = new HashMap<>();
    env.put(ConfigLoader.envName("data-dir"), dataDir.toString());
    env.put(ConfigLoader.envName("metrics.enabled"), "false");
    if (brokerPort != null) {
      env.put(ConfigLoader.envName("embedded.broker-port"), brokerPort.toString());
    }
    return new ConfigLoader().load(null, env);
  }

  /** A socket listening on {@code port}, or, when another program already listens there, a socket elsewhere. */
  private static ServerSocket occupy(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1);
    } catch (IOException alreadyTaken) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1);
    }
    return socket;
  }
}
