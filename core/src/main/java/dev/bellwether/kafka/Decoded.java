package dev.bellwether.kafka;

/**
 * The outcome of reading one record: the value, or the reason it could not be read. Stream
 * topologies map raw bytes to this and split it, sending failures to the dead-letter topic.
 *
 * @param value the record, or null when it could not be read
 * @param error why it could not be read, or null
 * @param payload the original bytes, kept for the dead letter
 */
public record Decoded<T>(T value, String error, byte[] payload) {

  /** Whether the record was read. */
  public boolean ok() {
    return error == null;
  }

  /** Reads {@code bytes} with {@code codec}, never throwing. */
  public static <T> Decoded<T> of(JsonCodec<T> codec, byte[] bytes) {
    try {
      return new Decoded<>(codec.decode(bytes), null, bytes);
    } catch (InvalidRecordException e) {
      return new Decoded<>(null, e.getMessage(), bytes);
    } catch (RuntimeException e) {
      return new Decoded<>(null, "unreadable record: " + e, bytes);
    }
  }
}
