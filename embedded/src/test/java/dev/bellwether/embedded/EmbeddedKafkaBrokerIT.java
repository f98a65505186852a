package dev.bellwether.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bellwether.testing.CommittedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

  private static final String TOPIC = "it.broker";

  @TempDir Path dataDir;

  @Test
  void keepsCommittedRecordsAcrossARestartOnTheSameDirectory() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
      try (KafkaProducer<String, String> producer = transactionalProducer(broker.bootstrapServers())) {
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i));
        }
        producer.commitTransaction();
      }
      assertThat(readAll(broker.bootstrapServers())).hasSize(10);
    }
    assertThat(dataDir.resolve("meta.properties")).exists();

    try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(dataDir, 0)) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, restarted.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC);
      }
      assertThat(readAll(restarted.bootstrapServers()))
          .containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }
  }

  @Test
  void aSecondBrokerOnTheSameDirectoryStopsBeforeTouchingItAndTheFirstKeepsWorking() throws Exception {
    Path quorumState = dataDir.resolve("__cluster_metadata-0").resolve("quorum-state");
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dataDir, 0)) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
      // A second broker that started used to raise the leader epoch here (1 to 2), corrupting the first.
      byte[] stateBefore = java.nio.file.Files.readAllBytes(quorumState);

      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, 0))
          .isInstanceOf(DirectoryLock.Locked.class)
          .hasMessageContaining(dataDir.toString()).hasMessageContaining("in use by another Bellwether");

      assertThat(java.nio.file.Files.readAllBytes(quorumState)).isEqualTo(stateBefore);
      try (KafkaProducer<String, String> producer = transactionalProducer(first.bootstrapServers())) {
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i));
        }
        producer.commitTransaction();
      }
      assertThat(readAll(first.bootstrapServers())).hasSize(10);
    }
    // Closed, the first broker has released the directory.
    try (EmbeddedKafkaBroker next = EmbeddedKafkaBroker.start(dataDir, 0)) {
      assertThat(readAll(next.bootstrapServers())).hasSize(10);
    }
  }

  @Test
  void refusesATakenPortBeforeOpeningItsLogs() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, taken.getLocalPort()))
          .hasMessageContaining("port " + taken.getLocalPort()).hasMessageContaining("taken");
    }
    assertThat(dataDir.resolve("meta.properties")).doesNotExist();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
    }
  }

  @Test
  void startsOnTheRequestedPortAndClosesIdempotently() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, port);
    assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
    broker.close();
    broker.close();
  }

  private static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-broker-tx"),
        new StringSerializer(), new StringSerializer());
  }

  /** Every committed record of the topic, as text, with distinct keys. */
  private static List<String> readAll(String bootstrap) {
    List<ConsumerRecord<String, byte[]>> records = CommittedReader.readToEnd(bootstrap, TOPIC);
    assertThat(Set.copyOf(records.stream().map(ConsumerRecord::key).toList())).hasSize(records.size());
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }
}
