package dev.bellwether.launcher;

import dev.bellwether.UserFacingException;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.config.EmbeddedConfig;
import dev.bellwether.kafka.ClusterCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every ops command against a running cluster takes: the configuration and the Kafka address. */
final class OpsOptions {

  @Option(names = "--config", paramLabel = "FILE", description = "YAML file with settings, as for run: kafka, classifier (threads, batching) and alerts (windows, spike rule).")
  Path configFile;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka cluster; for a 'bellwether run' on this machine 127.0.0.1:" + EmbeddedConfig.DEFAULT_BROKER_PORT
          + " (the address it printed at start-up).")
  String bootstrapServers;

  /** The configuration, with the Kafka address given; refuses the embedded default, which has no broker running. */
  BellwetherConfig config() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (bootstrapServers != null) {
      env.put(ConfigLoader.envName("kafka.bootstrap-servers"), bootstrapServers);
    }
    BellwetherConfig config = new ConfigLoader().load(configFile, env);
    if (config.kafka().embedded()) {
      throw new UserFacingException("give --bootstrap-servers HOST:PORT (or kafka.bootstrap-servers in --config):"
          + " for a 'bellwether run' on this machine that is 127.0.0.1:" + EmbeddedConfig.DEFAULT_BROKER_PORT
          + ", the address it printed at start-up", null);
    }
    return config;
  }

  /**
   * Kafka client settings for {@code config}, once the cluster has answered within
   * {@code kafka.connect-timeout}.
   */
  static Map<String, Object> client(BellwetherConfig config) {
    Map<String, Object> client = config.kafka().clientConfig(config.kafka().bootstrapServers());
    reachable(client, config.kafka().connectTimeout());
    return client;
  }

  /**
   * Returns once the cluster of {@code client} answers.
   *
   * @throws UserFacingException with one line naming the address when it does not within {@code timeout}
   */
  static void reachable(Map<String, Object> client, Duration timeout) {
    try {
      ClusterCheck.reachable(client, timeout);
    } catch (ClusterCheck.UnreachableException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
  }
}
