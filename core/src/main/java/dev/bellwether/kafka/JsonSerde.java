package dev.bellwether.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde over a {@link JsonCodec}. Its deserializer throws {@link SerializationException};
 * stream inputs that may hold bad records are read as bytes and parsed with the codec instead, so
 * that bad records go to the dead-letter topic.
 */
public final class JsonSerde<T> implements Serde<T> {

  private final JsonCodec<T> codec;

  /** A serde for {@code type}. */
  public JsonSerde(Class<T> type) {
    this.codec = new JsonCodec<>(type);
  }

  /** The codec behind this serde. */
  public JsonCodec<T> codec() {
    return codec;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : codec.encode(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return codec.decode(bytes);
      } catch (InvalidRecordException e) {
        throw new SerializationException("topic " + topic + ": " + e.getMessage(), e);
      }
    };
  }
}
