package dev.bellwether.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader of a compacted topic from its first record, without a consumer group: {@link #readToEnd}
 * for a snapshot at start-up, {@link #poll} for what was written since. Values that cannot be
 * read are logged and skipped; a tombstone arrives as a null value.
 */
public final class CompactedTopic<V> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CompactedTopic.class);

  private final TopicSpec<V> spec;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions;

  public CompactedTopic(Map<String, Object> kafkaClientConfig, TopicSpec<V> spec, String clientId, Duration timeout) {
    this.spec = spec;
    Map<String, Object> props = new HashMap<>(kafkaClientConfig);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Asking for a missing topic must not make the broker create a plain, uncompacted one.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    try {
      List<PartitionInfo> infos = consumer.partitionsFor(spec.name(), timeout);
      this.partitions = infos == null ? List.of()
          : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
    if (partitions.isEmpty()) {
      LOG.warn("Topic {} does not exist; create it (bellwether run does) to use it", spec.name());
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Hands every record up to the current end to {@code sink}, key and value (null for a tombstone).
   *
   * @throws TimeoutException when the end is not reached within {@code timeout}
   */
  public void readToEnd(Duration timeout, BiConsumer<String, V> sink) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reached(ends)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("could not read " + spec.name() + " to its end within " + timeout.toMillis() + " ms");
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        take(record, sink);
      }
    }
  }

  /** Hands what was written since the last call to {@code sink}, without waiting. */
  public void poll(BiConsumer<String, V> sink) {
    if (partitions.isEmpty()) {
      return;
    }
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ZERO)) {
      take(record, sink);
    }
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void take(ConsumerRecord<String, byte[]> record, BiConsumer<String, V> sink) {
    if (record.value() == null) {
      sink.accept(record.key(), null);
      return;
    }
    Decoded<V> decoded = Decoded.of(spec.valueSerde().codec(), record.value());
    if (decoded.ok()) {
      sink.accept(record.key(), decoded.value());
    } else {
      LOG.warn("Skipping unreadable record {} at {}-{}@{}: {}", record.key(), record.topic(), record.partition(),
          record.offset(), decoded.error());
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
