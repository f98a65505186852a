package dev.bellwether.classifier.score;

import dev.bellwether.config.Durations;
import dev.bellwether.event.RawNewsItem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The checks a readable raw record must pass before it waits in the scoring buffer; a record that
 * fails one is dead-lettered with the returned reason instead of being scored.
 *
 * <p>Each check stops a record that would otherwise fail inside Kafka Streams, where no handler
 * can dead-letter it: the stream thread dies on it, is replaced, reads it again and dies again,
 * and its partition stops for good.
 */
final class Admission {

  /** The producer's {@code max.request.size} when nobody set it. */
  static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
  /** Room kept in a request for what scoring adds to an item (predictions, model id, framing). */
  static final int SCORES_HEADROOM_BYTES = 16 * 1024;
  /** Longest key the scoring buffer can hold ({@code DataOutput.writeUTF}'s limit is 65,535 bytes). */
  static final int MAX_KEY_BYTES = 16 * 1024;

  private final int maxRequestBytes;
  private final Duration maxFutureSkew;
  private final Clock clock;

  Admission(int maxRequestBytes, Duration maxFutureSkew, Clock clock) {
    this.maxRequestBytes = maxRequestBytes;
    this.maxFutureSkew = maxFutureSkew;
    this.clock = clock;
  }

  /**
   * The producer limit of a Streams application: {@code producer.max.request.size}, else
   * {@code max.request.size}, else Kafka's default.
   */
  static int maxRequestBytes(Map<String, Object> appConfigs) {
    Object value = appConfigs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    if (value == null) {
      value = appConfigs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    }
    return value == null ? DEFAULT_MAX_REQUEST_BYTES : Integer.parseInt(value.toString().trim());
  }

  /** Why {@code item} (read from {@code payload} under {@code key}) must not be scored, or null when it may. */
  String refusal(String key, byte[] payload, RawNewsItem item) {
    int keyBytes = key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
    if (keyBytes > MAX_KEY_BYTES) {
      return "key of " + keyBytes + " bytes is longer than the " + MAX_KEY_BYTES + " bytes a story id may have";
    }
    int limit = maxRequestBytes - SCORES_HEADROOM_BYTES;
    if (payload.length + keyBytes > limit) {
      return "record of " + (payload.length + keyBytes) + " bytes is larger than the " + limit
          + " bytes a scored record may carry (producer max.request.size " + maxRequestBytes + " less "
          + SCORES_HEADROOM_BYTES + " for the scores); cut long text at ingest (ingest.max-summary-chars)"
          + " or raise max.request.size in kafka.client-overrides and max.message.bytes of the topics";
    }
    // Publication times before 1970 are fine: event time travels in the payload, and records are
    // stamped with the time the broker appended them.
    Instant published = item.publishedAt();
    Instant now = clock.instant();
    if (published.isAfter(now.plus(maxFutureSkew))) {
      return "published_at " + published + " is more than " + Durations.format(maxFutureSkew)
          + " in the future (now " + now + "); check the source's clock and time zone, or raise"
          + " classifier.max-future-skew";
    }
    return null;
  }
}
