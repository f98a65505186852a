package dev.bellwether.event;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

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
 * @param payload the payload, cut to a bounded size: its text when it is UTF-8, else its bytes in
 *     base64 (see {@code payloadEncoding})
 * @param payloadBytes length of the original payload in bytes
 * @param at when it was refused
 * @param payloadEncoding {@value #UTF_8} when {@code payload} is the payload's text, {@value #BASE64}
 *     when it is the payload's bytes in base64 because they are not UTF-8 (absent in version 1
 *     records, whose payload was always text with malformed bytes replaced)
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
    Instant at,
    String payloadEncoding) {

  /** The contract version this code writes: 2 added {@code payload_encoding}. */
  public static final int SCHEMA_VERSION = 2;

  /** {@code payload_encoding} of a payload kept as its text. */
  public static final String UTF_8 = "utf-8";

  /** {@code payload_encoding} of a payload kept as its bytes in base64. */
  public static final String BASE64 = "base64";

  /** The most payload characters kept; the rest is cut so a huge record cannot clog the topic. */
  public static final int MAX_PAYLOAD_CHARS = 64 * 1024;

  /** Fills the encoding of records written before it existed. */
  public DeadLetter {
    payloadEncoding = payloadEncoding == null ? UTF_8 : payloadEncoding;
  }

  /**
   * Builds a dead letter, keeping the payload as text when it is UTF-8 and as base64 otherwise, so
   * that its bytes can be recovered exactly; cut to {@link #MAX_PAYLOAD_CHARS} characters.
   */
  public static DeadLetter of(
      String stage, String sourceTopic, int partition, long offset, String key, String reason, byte[] payload, Instant at) {
    byte[] bytes = payload == null ? new byte[0] : payload;
    String text;
    String encoding;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      encoding = UTF_8;
      if (text.length() > MAX_PAYLOAD_CHARS) {
        text = text.substring(0, MAX_PAYLOAD_CHARS);
      }
    } catch (CharacterCodingException e) {
      int kept = Math.min(bytes.length, MAX_PAYLOAD_CHARS / 4 * 3);
      text = Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, kept));
      encoding = BASE64;
    }
    return new DeadLetter(SCHEMA_VERSION, stage, sourceTopic, partition, offset, key, reason, text, bytes.length, at,
        encoding);
  }

  /** The payload's bytes as kept (cut to the bounded size). */
  public byte[] payloadAsBytes() {
    return BASE64.equals(payloadEncoding) ? Base64.getDecoder().decode(payload) : payload.getBytes(StandardCharsets.UTF_8);
  }
}
