package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigException;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.config.KafkaSettings;
import dev.bellwether.kafka.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production settings: chosen replication by cluster size, and the example, Kubernetes and
 * local-cluster configurations carry them.
 */
class ProductionSettingsTest {

  private static final Path DEPLOY = ObservabilityFiles.root().resolve("deploy");

  @TempDir Path tmp;

  @Test
  void replicationIsChosenByClusterSizeUnlessSet() {
    KafkaSettings external = new ConfigLoader().load(null,
        Map.of("BELLWETHER_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092,k3:9092")).kafka();
    assertThat(external.replicationFactor()).isZero();
    assertThat(external.replicationFactorFor(5)).isEqualTo(3);
    assertThat(external.replicationFactorFor(2)).isEqualTo(2);
    assertThat(external.replicationFactorFor(1)).isEqualTo(1);
    assertThat(external.withReplicationFactor(2).replicationFactorFor(5)).isEqualTo(2);
    assertThat(new ConfigLoader().load(null, Map.of()).kafka().replicationFactorFor(1)).isEqualTo(1);
    assertThat(TopicAdmin.minInsyncReplicasFor(3)).isEqualTo(2);
    assertThat(TopicAdmin.minInsyncReplicasFor(2)).isEqualTo(1);
    assertThatThrownBy(() -> new ConfigLoader().load(null, Map.of("BELLWETHER_KAFKA_REPLICATION_FACTOR", "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("replication-factor").hasMessageContaining("-1");
  }

  @Test
  void theExampleConfigurationsCarryTheProductionSettings() throws Exception {
    JsonNode configMap = ObservabilityFiles.YAML.readTree(DEPLOY.resolve("kubernetes/configmap.yaml").toFile());
    Path mounted = tmp.resolve("bellwether.yaml");
    Files.writeString(mounted, configMap.path("data").path("bellwether.yaml").asText());
    for (Path file : new Path[] {DEPLOY.resolve("bellwether.example.yaml"), mounted}) {
      BellwetherConfig config = new ConfigLoader().load(file, Map.of());
      KafkaSettings kafka = config.kafka();
      assertThat(kafka.replicationFactor()).as(file.toString()).isEqualTo(3);
      assertThat(kafka.processingGuarantee()).isEqualTo("exactly_once_v2");
      assertThat(kafka.numStandbyReplicas()).isEqualTo(1);
      assertThat(kafka.clientOverrides()).containsKeys("session.timeout.ms", "heartbeat.interval.ms",
          "max.poll.interval.ms", "delivery.timeout.ms", "transaction.timeout.ms");
    }
    BellwetherConfig local = new ConfigLoader().load(DEPLOY.resolve("local-cluster.yaml"),
        Map.of("BELLWETHER_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9292,127.0.0.1:9293,127.0.0.1:9294"));
    assertThat(local.kafka().replicationFactorFor(3)).isEqualTo(3);
    assertThat(local.kafka().partitions()).isEqualTo(6);
    assertThat(local.console().enabled()).isFalse();
  }
}
