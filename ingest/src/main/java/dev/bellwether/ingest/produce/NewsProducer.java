package dev.bellwether.ingest.produce;

import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import dev.bellwether.event.Tick;
import dev.bellwether.kafka.Ticks;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes ingested items to {@code news.raw} (key: story id) and refused feed bodies to the
 * dead-letter topic, through one idempotent producer ({@code enable.idempotence=true},
 * {@code acks=all}), so broker retries never duplicate a record. Values are encoded with each
 * topic's own serde codec.
 *
 * <p>Records are stamped with the time they are written, never with the publication time, which
 * travels in the payload: a record timestamp decades old would be deleted by retention at once and
 * expire the producer's sequence state on the broker. Event time moves on through {@link Tick
 * ticks}: {@link #tick} tells every partition of {@code news.raw} the latest publication time sent
 * on a timeline, so a partition that got none of the latest items still keeps up.
 */
public final class NewsProducer implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final JsonCodec<RawNewsItem> rawCodec = Topics.RAW.valueSerde().codec();
  private final JsonCodec<DeadLetter> deadLetterCodec = Topics.DEAD_LETTER.valueSerde().codec();
  /** The latest publication time sent per timeline, in epoch milliseconds. */
  private final Map<String, Long> latestSent = new ConcurrentHashMap<>();

  /** A producer over {@code clientConfig} (at least {@code bootstrap.servers}). */
  public NewsProducer(Map<String, Object> clientConfig) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "bellwether-ingest");
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Sends {@code item} asynchronously; {@code onFailure} runs on the producer's I/O thread when the
   * broker finally refuses it, and must be quick.
   */
  public void send(RawNewsItem item, Consumer<Exception> onFailure) {
    latestSent.merge(item.timeline(), item.publishedAt().toEpochMilli(), Math::max);
    send(new ProducerRecord<>(Topics.RAW.name(), item.storyId(), rawCodec.encode(item)), onFailure);
  }

  /**
   * Sends every partition of {@code news.raw} a tick at the latest publication time sent on
   * {@code timeline}, after the items already sent; nothing when none was sent yet.
   *
   * @return the tick's time, or null when nothing was sent on the timeline
   */
  public Instant tick(String timeline, Consumer<Exception> onFailure) {
    Long latest = latestSent.get(timeline);
    if (latest == null) {
      return null;
    }
    Instant at = Instant.ofEpochMilli(latest);
    for (PartitionInfo p : producer.partitionsFor(Topics.RAW.name())) {
      send(Ticks.record(Topics.RAW.name(), Tick.at(timeline, at, p.partition())), onFailure);
    }
    return at;
  }

  /**
   * Ends {@code timeline}: every partition of {@code news.raw} gets its end tick, after the items
   * already sent, so that the stages downstream close everything of it.
   */
  public void endTimeline(String timeline, Consumer<Exception> onFailure) {
    Instant at = Instant.ofEpochMilli(latestSent.getOrDefault(timeline, 0L));
    for (PartitionInfo p : producer.partitionsFor(Topics.RAW.name())) {
      send(Ticks.record(Topics.RAW.name(), Tick.end(timeline, at, p.partition())), onFailure);
    }
  }

  /** Sends a dead letter keyed by {@code key}; failures go to {@code onFailure}. */
  public void sendDeadLetter(String key, DeadLetter letter, Consumer<Exception> onFailure) {
    send(new ProducerRecord<>(Topics.DEAD_LETTER.name(), key, deadLetterCodec.encode(letter)), onFailure);
  }

  private void send(ProducerRecord<String, byte[]> record, Consumer<Exception> onFailure) {
    producer.send(record, (metadata, error) -> {
      if (error != null) {
        onFailure.accept(error);
      }
    });
  }

  /** Flushes what is buffered and closes, waiting at most {@code timeout}. */
  public void close(Duration timeout) {
    try {
      producer.flush();
    } finally {
      producer.close(timeout);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
