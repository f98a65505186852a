package dev.bellwether.launcher;

import dev.bellwether.kafka.Ticks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything committed to one topic, read from the start with {@code isolation.level=read_committed}
 * (records of aborted transactions are never returned) and kept in order of arrival.
 */
final class CommittedReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

  CommittedReader(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads what became readable since the last call; returns how many records are held in all. */
  int poll() {
    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
      if (!Ticks.isTick(r.headers())) {
        records.add(r);
      }
    });
    return records.size();
  }

  /** Records read so far per partition, for a diagnosis: a partition that stands still shows here. */
  java.util.Map<Integer, Integer> perPartition() {
    java.util.Map<Integer, Integer> counts = new java.util.TreeMap<>();
    for (int p : consumer.assignment().stream().map(TopicPartition::partition).toList()) {
      counts.put(p, 0);
    }
    records.forEach(r -> counts.merge(r.partition(), 1, Integer::sum));
    return counts;
  }

  /** Every record read so far. */
  List<ConsumerRecord<String, byte[]>> records() {
    return records;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
