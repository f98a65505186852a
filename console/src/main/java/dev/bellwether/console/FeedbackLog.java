package dev.bellwether.console;

import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.Feedback;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the console's records to Kafka: analysts' feedback to {@code feedback}, acknowledged by
 * every in-sync replica before the analyst is told it is saved, and records the console's reader
 * could not decode to the dead-letter topic.
 */
final class FeedbackLog implements AutoCloseable {

  /** The stage named on the console's dead letters and their counter. */
  static final String STAGE = "console";

  private final KafkaProducer<String, byte[]> producer;
  private final Duration timeout;
  private final MeterRegistry registry;
  private final Counter deadLetters;

  FeedbackLog(Map<String, Object> kafkaClientConfig, Duration timeout, MeterRegistry registry) {
    Map<String, Object> props = new HashMap<>(kafkaClientConfig);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "bellwether-console");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    int request = (int) Math.max(timeout.toMillis(), 1000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, request + 1000);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.timeout = timeout;
    this.registry = registry;
    this.deadLetters = Counter.builder("bellwether.deadletter.records")
        .description("Records a stage could not process, sent to the dead-letter topic")
        .tag("stage", STAGE)
        .register(registry);
  }

  /**
   * Writes one feedback record and waits for Kafka to acknowledge it.
   *
   * @throws KafkaException when Kafka refuses it or does not answer within the timeout
   */
  void write(Feedback feedback) {
    byte[] value = Topics.FEEDBACK.valueSerde().codec().encode(feedback);
    try {
      producer.send(new ProducerRecord<>(Topics.FEEDBACK.name(), feedback.key(), value))
          .get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException("could not write feedback to " + Topics.FEEDBACK.name() + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException("Kafka did not acknowledge the feedback within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing feedback", e);
    }
    Counter.builder("bellwether.console.feedback.records")
        .description("Feedback records analysts saved from the console")
        .tag("kind", feedback.kind().name().toLowerCase(java.util.Locale.ROOT))
        .register(registry)
        .increment();
  }

  /** Sends a record the console could not read to the dead-letter topic, without waiting. */
  void deadLetter(DeadLetter letter) {
    deadLetters.increment();
    producer.send(new ProducerRecord<>(Topics.DEAD_LETTER.name(), letter.key(),
        Topics.DEAD_LETTER.valueSerde().codec().encode(letter)));
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
