package dev.bellwether.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One Kafka topic as Bellwether uses it: its name, its key and value types, and how it is created.
 * Keys are always strings (story id, scope key or alert id); values are JSON.
 *
 * @param name topic name
 * @param valueType the event record type of its values
 * @param partitions partitions when created (the unit of scale)
 * @param retention how long records are kept
 * @param compacted whether the topic is compacted (keeps the latest value per key)
 * @param description what the topic holds, for docs and {@code --help}
 */
public record TopicSpec<V>(
    String name, Class<V> valueType, int partitions, Duration retention, boolean compacted, String description) {

  /** The key serde shared by every topic. */
  public Serde<String> keySerde() {
    return Serdes.String();
  }

  /** A JSON serde for the values. */
  public JsonSerde<V> valueSerde() {
    return new JsonSerde<>(valueType);
  }

  /**
   * The record timestamps of every Bellwether topic: the time the broker appended the record. Event
   * time (publication time) travels in the payload; retention and the brokers' producer state must
   * count from when a record was written, or history imported with old publication times is
   * deleted at the next retention check and producers of it lose their sequence state.
   */
  public static final String TIMESTAMP_TYPE = "LogAppendTime";

  /** Topic-level configs used when the topic is created. */
  public Map<String, String> configs() {
    return Map.of(
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()),
        TopicConfig.CLEANUP_POLICY_CONFIG,
            compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TIMESTAMP_TYPE);
  }
}
