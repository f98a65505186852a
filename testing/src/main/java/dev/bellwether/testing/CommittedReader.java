package dev.bellwether.testing;

import dev.bellwether.kafka.Ticks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything committed to one topic, read from the start with {@code isolation.level=read_committed}
 * (records of aborted transactions are never returned) and kept in order of arrival. Ticks (the
 * event-time records on the item topics) are skipped, as every reader of those topics does.
 */
public final class CommittedReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions = new ArrayList<>();
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

  /** A reader of {@code topic}, which must exist, on the cluster at {@code bootstrapServers}. */
  public CommittedReader(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Every record committed to {@code topic} up to its end offsets now, read within 30 s. */
  public static List<ConsumerRecord<String, byte[]>> readToEnd(String bootstrapServers, String topic) {
    try (CommittedReader reader = new CommittedReader(bootstrapServers, topic)) {
      return reader.readToEnd(Duration.ofSeconds(30));
    }
  }

  /** Reads what became readable since the last call; returns how many records are held in all. */
  public int poll() {
    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
      if (!Ticks.isTick(r.headers())) {
        records.add(r);
      }
    });
    return records.size();
  }

  /**
   * Reads on until every partition is read up to the end offsets it has now; returns every record
   * held.
   *
   * @throws AssertionError when the end is not reached within {@code timeout}
   */
  public List<ConsumerRecord<String, byte[]>> readToEnd(Duration timeout) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("could not read " + ends.keySet() + " to " + ends + " within " + timeout);
      }
      poll();
    }
    return records;
  }

  /** Records read so far per partition, for a diagnosis: a partition that stands still shows here. */
  public Map<Integer, Integer> perPartition() {
    Map<Integer, Integer> counts = new TreeMap<>();
    for (TopicPartition p : partitions) {
      counts.put(p.partition(), 0);
    }
    records.forEach(r -> counts.merge(r.partition(), 1, Integer::sum));
    return counts;
  }

  /** Every record read so far. */
  public List<ConsumerRecord<String, byte[]>> records() {
    return records;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
