package dev.bellwether.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
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
      assertThat(readAll(broker.bootstrapServers(), 10)).hasSize(10);
    }
    assertThat(dataDir.resolve("meta.properties")).exists();

    try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(dataDir, 0)) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, restarted.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC);
      }
      List<ConsumerRecord<String, String>> records = readAll(restarted.bootstrapServers(), 10);
      assertThat(records).extracting(ConsumerRecord::value)
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
      assertThat(readAll(first.bootstrapServers(), 10)).hasSize(10);
    }
    // Closed, the first broker has released the directory.
    try (EmbeddedKafkaBroker next = EmbeddedKafkaBroker.start(dataDir, 0)) {
      assertThat(readAll(next.bootstrapServers(), 10)).hasSize(10);
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

  /** Reads committed records from the start of every partition until {@code expected} arrived or 30 s passed. */
  private static List<ConsumerRecord<String, String>> readAll(String bootstrap, int expected) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    assertThat(Set.copyOf(records.stream().map(ConsumerRecord::key).toList())).hasSize(records.size());
    return records;
  }
}
