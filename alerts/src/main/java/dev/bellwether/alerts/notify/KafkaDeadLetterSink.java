package dev.bellwether.alerts.notify;

import dev.bellwether.event.DeadLetter;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes failed deliveries to {@link Topics#DEAD_LETTER}, keyed by alert id. */
final class KafkaDeadLetterSink implements DeadLetterSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaDeadLetterSink.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaProducer<String, byte[]> producer;
  private final JsonCodec<DeadLetter> codec = new JsonCodec<>(DeadLetter.class);

  KafkaDeadLetterSink(Map<String, Object> kafkaClientConfig, String clientId) {
    Map<String, Object> props = new HashMap<>(kafkaClientConfig);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public void send(DeadLetter letter) {
    try {
      producer.send(
          new ProducerRecord<>(Topics.DEAD_LETTER.name(), letter.key(), codec.encode(letter)),
          (metadata, error) -> {
            if (error != null) {
              LOG.error("Could not write a notifier dead letter for alert {}: {}", letter.key(), letter.reason(), error);
            }
          });
    } catch (RuntimeException e) {
      LOG.error("Could not write a notifier dead letter for alert {}: {}", letter.key(), letter.reason(), e);
    }
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
