package dev.bellwether.alerts.notify;

import dev.bellwether.event.Delivery;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each successful delivery to {@link Topics#DELIVERIES}, keyed by {@link Delivery#key()}.
 * A write that fails is logged and counted in {@code bellwether.notifier.delivery.log.errors}: the
 * delivery happened, but a restart before the next delivery of that state could send it again.
 */
final class KafkaDeliveryLog implements Consumer<Delivery>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaDeliveryLog.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaProducer<String, byte[]> producer;
  private final JsonCodec<Delivery> codec = new JsonCodec<>(Delivery.class);
  private final Counter errors;

  KafkaDeliveryLog(Map<String, Object> kafkaClientConfig, String clientId, MeterRegistry registry) {
    Map<String, Object> props = new HashMap<>(kafkaClientConfig);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Deliveries are rare and each one matters: send at once rather than wait to batch.
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.errors =
        Counter.builder("bellwether.notifier.delivery.log.errors")
            .description("Deliveries that could not be recorded in the deliveries topic (a restart may send them again)")
            .baseUnit("errors")
            .register(registry);
  }

  @Override
  public void accept(Delivery delivery) {
    try {
      producer.send(new ProducerRecord<>(Topics.DELIVERIES.name(), delivery.key(), codec.encode(delivery)),
          (metadata, error) -> {
            if (error != null) {
              errors.increment();
              LOG.error("Could not record delivery {}: {}", delivery.key(), error.toString());
            }
          });
    } catch (RuntimeException e) {
      errors.increment();
      LOG.error("Could not record delivery {}: {}", delivery.key(), e.toString());
    }
  }

  /** Waits until every delivery handed over so far is written or failed. */
  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
