package dev.bellwether.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Kafka nodes as processes of their own: they form a cluster, a topic gets three replicas,
 * a node killed with SIGKILL leaves the cluster writable (two in sync) and catches up when it is
 * started again, and a clean stop of all three is quick.
 */
@Tag("slow")
class LocalClusterIT {

  /** Kept when the test fails: the nodes' logs. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;

  @Test
  void aKilledNodeLeavesTheClusterWritableAndCatchesUpWhenStartedAgain() throws Exception {
    ClusterLayout layout = ClusterLayout.createOrLoad(dir, 3, 0);
    LocalCluster cluster = LocalCluster.of(layout, classPath(), "384m", false);
    try {
      cluster.start(Duration.ofMinutes(3), line -> { });
      LocalCluster.Status up = cluster.status(Duration.ofSeconds(10));
      assertThat(up.brokers()).containsExactly(1, 2, 3);
      assertThat(up.controllerLeader()).isPresent();
      Map<String, Object> client = Map.of("bootstrap.servers", layout.bootstrapServers());
      try (Admin admin = Admin.create(client)) {
        admin.createTopics(List.of(new NewTopic("drill", 3, (short) 3))).all().get(60, TimeUnit.SECONDS);
      }
      send(client, 0, 100);

      assertThat(cluster.killNode(2)).isTrue();
      assertThat(cluster.process(2)).isEmpty();
      send(client, 100, 200);
      cluster.startNode(2, line -> { });
      cluster.awaitBrokers(List.of(2), Duration.ofMinutes(3), line -> { });
      org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
          .until(() -> cluster.status(Duration.ofSeconds(10)).partitions()
              .map(p -> p.underReplicated() == 0 && p.offline() == 0).orElse(false));
      assertThat(read(client)).isEqualTo(200);
    } finally {
      long began = System.nanoTime();
      cluster.stop(LocalCluster.STOP_TIMEOUT, line -> { });
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began)).as("seconds to stop")
          .isLessThan(LocalCluster.STOP_TIMEOUT.toSeconds());
      for (ClusterLayout.Node node : layout.nodes()) {
        assertThat(cluster.process(node.id())).isEmpty();
      }
    }
  }

  /** This JVM's class path; under Maven's forked runners a manifest-only jar may stand for it. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private static void send(Map<String, Object> client, int from, int to) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
        "bootstrap.servers", client.get("bootstrap.servers"), "acks", "all", "enable.idempotence", true),
        new StringSerializer(), new StringSerializer())) {
      for (int i = from; i < to; i++) {
        producer.send(new ProducerRecord<>("drill", "k" + i, "v" + i));
      }
      producer.flush();
    }
  }

  private static int read(Map<String, Object> client) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        "bootstrap.servers", client.get("bootstrap.servers")), new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = List.of(new TopicPartition("drill", 0), new TopicPartition("drill", 1),
          new TopicPartition("drill", 2));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      int n = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (n < 200 && System.nanoTime() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        n += records.count();
      }
      return n;
    }
  }
}
