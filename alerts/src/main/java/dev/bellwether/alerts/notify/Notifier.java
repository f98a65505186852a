package dev.bellwether.alerts.notify;

import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.kafka.Decoded;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier: a plain Kafka consumer of the alerts topic on its own thread, never on a stream
 * thread, that decides which revisions to announce (see {@link AnnouncePolicy}) and hands each
 * announcement to every {@link Receiver} (console, email, webhooks). Delivery, retries and dead
 * letters run on the receivers' own threads (see {@link Dispatcher}), so a slow receiver holds up
 * neither the consumer nor the other receivers.
 *
 * <p>It reads committed records only, so alerts of aborted Streams transactions are never
 * announced. Offsets are committed once a batch is handed to the receivers: a crash before the
 * commit announces again, a crash after it loses deliveries still in flight; at a clean stop those
 * go to the dead-letter topic.
 */
public final class Notifier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaConsumer<String, byte[]> consumer;
  private final AnnouncePolicy policy;
  private final Dispatcher dispatcher;
  private final KafkaDeadLetterSink deadLetters;
  private final Counter updates;
  private final Counter invalid;
  private final JsonCodec<Alert> codec = new JsonCodec<>(Alert.class);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;

  private Notifier(
      KafkaConsumer<String, byte[]> consumer, NotifierConfig config, MeterRegistry registry, Clock clock,
      List<Receiver> receivers, KafkaDeadLetterSink deadLetters) {
    this.consumer = consumer;
    this.policy = new AnnouncePolicy(config.maxAlertAge(), clock);
    this.deadLetters = deadLetters;
    this.dispatcher =
        new Dispatcher(receivers, config.retry(), deadLetters, registry, clock, () -> ThreadLocalRandom.current().nextDouble());
    this.updates =
        Counter.builder("bellwether.notifier.updates")
            .description("Alert revisions read that were routine updates, counted but not announced")
            .register(registry);
    this.invalid =
        Counter.builder("bellwether.notifier.invalid.records")
            .description("Records on the alerts topic that could not be read as alerts")
            .baseUnit("records")
            .register(registry);
    this.thread = new Thread(this::run, "bellwether-notifier");
    this.thread.setDaemon(true);
  }

  /**
   * Starts a consumer thread on Topics.ALERTS (isolation.level=read_committed, group.id = groupId)
   * delivering to the receivers {@code config} names; secrets are read from the process
   * environment or the files the config names.
   */
  public static Notifier start(
      Map<String, Object> kafkaClientConfig, String groupId, NotifierConfig config, MeterRegistry registry,
      Clock clock, PrintStream out) {
    return start(kafkaClientConfig, groupId, config, registry, clock, out, List.of());
  }

  /**
   * Starts a notifier like {@link #start(Map, String, NotifierConfig, MeterRegistry, Clock, PrintStream)}
   * that also delivers to {@code extraReceivers}.
   *
   * @throws dev.bellwether.config.ConfigException when a secret the config names is missing
   */
  public static Notifier start(
      Map<String, Object> kafkaClientConfig, String groupId, NotifierConfig config, MeterRegistry registry,
      Clock clock, PrintStream out, List<Receiver> extraReceivers) {
    List<Receiver> receivers = new ArrayList<>(Receivers.of(config, System.getenv(), out, clock));
    receivers.addAll(extraReceivers);
    Map<String, Object> props = new HashMap<>(kafkaClientConfig);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new group starts at the beginning so alerts raised before it joined are not lost; the
    // maximum alert age keeps a replay from re-announcing old ones.
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-notifier");
    KafkaDeadLetterSink deadLetters = new KafkaDeadLetterSink(kafkaClientConfig, groupId + "-notifier-dlq");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    Notifier notifier = new Notifier(consumer, config, registry, clock, receivers, deadLetters);
    LOG.info("Notifier delivers to {}", receivers.stream().map(r -> r.kind() + ":" + r.name()).toList());
    consumer.subscribe(List.of(Topics.ALERTS.name()));
    notifier.thread.start();
    return notifier;
  }

  private void run() {
    try {
      while (!closed.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<String, byte[]> record : records) {
          handle(record);
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      if (!closed.get()) {
        LOG.error("Notifier woken up without being closed; it stops", e);
      }
    } catch (RuntimeException e) {
      LOG.error("Notifier stopped: reading the {} topic failed", Topics.ALERTS.name(), e);
    } finally {
      commitLast();
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    }
  }

  /** Commits what was handled; a wake-up left pending by {@link #close()} only costs one retry. */
  private void commitLast() {
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        consumer.commitSync(CLOSE_TIMEOUT);
        return;
      } catch (WakeupException e) {
        LOG.debug("Pending wake-up interrupted the last commit; retrying once");
      } catch (RuntimeException e) {
        LOG.warn("Notifier could not commit its last offsets; those alerts may be handled again", e);
        return;
      }
    }
  }

  /** Announces, counts or skips one record; never throws, so one bad alert cannot stop the rest. */
  void handle(ConsumerRecord<String, byte[]> record) {
    Decoded<Alert> decoded = Decoded.of(codec, record.value());
    if (!decoded.ok()) {
      invalid.increment();
      LOG.warn("Skipping unreadable alert at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          decoded.error());
      return;
    }
    AnnouncePolicy.Verdict verdict = policy.judge(decoded.value());
    switch (verdict.decision()) {
      case ANNOUNCE:
        dispatcher.dispatch(
            new Announcement(decoded.value(), verdict.event().orElseThrow()), record.partition(), record.offset());
        break;
      case STALE:
        dispatcher.skip();
        break;
      default:
        updates.increment();
        break;
    }
  }

  /**
   * Stops the thread, commits and closes the consumer, waits briefly for deliveries in progress
   * and dead-letters the rest; idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    consumer.wakeup();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dispatcher.close(CLOSE_TIMEOUT);
    deadLetters.close();
  }
}
