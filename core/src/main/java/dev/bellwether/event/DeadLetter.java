package dev.bellwether.event;

import java.time.Instant;

/**
 * A record that a stage could not process, with the reason: the value of the dead-letter topic.
 *
 * @param schemaVersion version of this contract
 * @param stage the stage that refused it, e.g. {@code classifier} or {@code ingest}
 * @param sourceTopic the topic it was read from, or the feed it came from
 * @param partition source partition, -1 when not from Kafka
 * @param offset source offset, -1 when not from Kafka
 * @param key the record key as text, may be null
 * @param reason why it was refused, for a person to read
 * @param payload the payload as UTF-8 text (malformed bytes replaced), cut to a bounded size
 * @param payloadBytes length of the original payload in bytes
 * @param at when it was refused
 */
public record DeadLetter(
    int schemaVersion,
    String stage,
    String sourceTopic,
    int partition,
    long offset,
    String key,
    String reason,
    String payload,
    long payloadBytes,
    Instant at) {

  /** The contract version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  /** The most payload characters kept; the rest is cut so a huge record cannot clog the topic. */
  public static final int MAX_PAYLOAD_CHARS = 64 * 1024;

  /** Builds a dead letter, cutting the payload to {@link #MAX_PAYLOAD_CHARS}. */
  public static DeadLetter of(
      String stage, String sourceTopic, int partition, long offset, String key, String reason, byte[] payload, Instant at) {
    String text = payload == null ? "" : new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    if (text.length() > MAX_PAYLOAD_CHARS) {
      text = text.substring(0, MAX_PAYLOAD_CHARS);
    }
    return new DeadLetter(
        SCHEMA_VERSION, stage, sourceTopic, partition, offset, key, reason, text,
        payload == null ? 0 : payload.length, at);
  }
}
