package dev.bellwether.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How Bellwether reaches Kafka.
 *
 * @param bootstrapServers {@code host:port,...} of an external cluster; empty starts the embedded broker
 * @param partitions partitions of the topics Bellwether creates; 0 chooses: one on the embedded
 *     broker, each topic's own default on an external cluster
 * @param replicationFactor replication factor of the topics Bellwether creates, its Streams
 *     applications' internal topics included; 0 chooses: one on the embedded broker, three on an
 *     external cluster (as many as it has brokers when fewer), see {@link #replicationFactorFor}
 * @param processingGuarantee Kafka Streams processing guarantee: {@code exactly_once_v2} or {@code at_least_once}
 * @param numStandbyReplicas Kafka Streams standby replicas of each state store
 * @param applicationIdPrefix prefix of the Streams application ids and consumer groups
 * @param clientOverrides extra settings passed to every Kafka client (e.g. security settings)
 * @param connectTimeout how long a command or stage waits for the cluster to answer at start-up
 *     before it gives up with one line naming the address
 */
public record KafkaSettings(
    String bootstrapServers,
    int partitions,
    int replicationFactor,
    String processingGuarantee,
    int numStandbyReplicas,
    String applicationIdPrefix,
    Map<String, String> clientOverrides,
    Duration connectTimeout) {

  /** Checks every value. */
  public KafkaSettings {
    bootstrapServers = bootstrapServers == null ? "" : bootstrapServers.trim();
    if (!bootstrapServers.isEmpty()) {
      for (String server : bootstrapServers.split(",")) {
        String s = server.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || !s.substring(colon + 1).matches("\\d{1,5}")) {
          throw new InvalidSettingException("bootstrap-servers", bootstrapServers, "each server must be HOST:PORT");
        }
      }
    }
    Check.atLeast("partitions", partitions, 0);
    Check.atLeast("replication-factor", replicationFactor, 0);
    if (!"exactly_once_v2".equals(processingGuarantee) && !"at_least_once".equals(processingGuarantee)) {
      throw new InvalidSettingException(
          "processing-guarantee", processingGuarantee, "must be exactly_once_v2 or at_least_once");
    }
    Check.atLeast("num-standby-replicas", numStandbyReplicas, 0);
    Check.text("application-id-prefix", applicationIdPrefix);
    clientOverrides = clientOverrides == null ? Map.of() : Map.copyOf(clientOverrides);
    connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    Check.positive("connect-timeout", connectTimeout);
  }

  /** How long the cluster has to answer at start-up unless {@code kafka.connect-timeout} says otherwise. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

  /** Partitions for new topics: the configured number, or the choice {@code 0} stands for (0 = each topic's default). */
  public int partitionsForNewTopics() {
    if (partitions > 0) {
      return partitions;
    }
    return embedded() ? 1 : 0;
  }

  /**
   * The replication factor of the topics Bellwether creates on a cluster of {@code brokers}
   * brokers: the configured one; for 0, one on the embedded broker and on an external cluster
   * three, or as many as it has brokers when fewer. Three copies with {@code min.insync.replicas}
   * 2 (see {@code TopicAdmin}) lose no acknowledged write and keep taking writes when one broker is lost.
   */
  public int replicationFactorFor(int brokers) {
    if (replicationFactor > 0) {
      return replicationFactor;
    }
    return embedded() ? 1 : Math.max(1, Math.min(3, brokers));
  }

  /** A copy whose replication factor is {@code n}. */
  public KafkaSettings withReplicationFactor(int n) {
    return new KafkaSettings(
        bootstrapServers, partitions, n, processingGuarantee, numStandbyReplicas, applicationIdPrefix, clientOverrides,
        connectTimeout);
  }

  /** Whether Bellwether should start its own in-JVM broker. */
  public boolean embedded() {
    return bootstrapServers.isEmpty();
  }

  /** Common client settings: the bootstrap servers given, plus the overrides. */
  public Map<String, Object> clientConfig(String bootstrap) {
    Map<String, Object> config = new HashMap<>(clientOverrides);
    config.put("bootstrap.servers", bootstrap);
    return config;
  }

  /** A copy that uses {@code servers} as bootstrap servers. */
  public KafkaSettings withBootstrapServers(String servers) {
    return new KafkaSettings(
        servers, partitions, replicationFactor, processingGuarantee, numStandbyReplicas, applicationIdPrefix,
        clientOverrides, connectTimeout);
  }
}
