package dev.bellwether.ingest.produce;

import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes ingested items to {@code news.raw} (key: story id, record timestamp: publication time)
 * and refused feed bodies to the dead-letter topic, through one idempotent producer
 * ({@code enable.idempotence=true}, {@code acks=all}), so broker retries never duplicate a record.
 * Values are encoded with each topic's own serde codec.
 */
public final class NewsProducer implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final JsonCodec<RawNewsItem> rawCodec = Topics.RAW.valueSerde().codec();
  private final JsonCodec<DeadLetter> deadLetterCodec = Topics.DEAD_LETTER.valueSerde().codec();

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
    send(new ProducerRecord<>(Topics.RAW.name(), null, item.publishedAt().toEpochMilli(), item.storyId(),
        rawCodec.encode(item)), onFailure);
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
