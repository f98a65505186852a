package dev.bellwether.bench;

import dev.bellwether.kafka.Ticks;
import dev.bellwether.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A background reader of {@code news.scored} (all its partitions, {@code read_committed}) that
 * notes when each key first became readable, by {@link System#nanoTime()}.
 */
final class ScoredReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();
  private final AtomicLong lastArrival = new AtomicLong();
  private volatile boolean running = true;

  private ScoredReader(KafkaConsumer<String, byte[]> consumer) {
    this.consumer = consumer;
    this.thread = new Thread(this::loop, "bench-scored-reader");
    this.thread.setDaemon(true);
  }

  static ScoredReader start(String bootstrap) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        // A fetch waits at most this long for data, which bounds the error on "readable at".
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.SCORED.name()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    ScoredReader reader = new ScoredReader(consumer);
    reader.thread.start();
    return reader;
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (Ticks.isTick(r.headers())) {
            continue;
          }
          long now = System.nanoTime();
          if (arrivals.putIfAbsent(r.key(), now) == null) {
            counts.merge(prefix(r.key()), 1, Integer::sum);
            lastArrival.accumulateAndGet(now, Math::max);
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked the loop to stop.
    } finally {
      consumer.close();
    }
  }

  private static String prefix(String key) {
    int dash = key.indexOf('-');
    return dash < 0 ? key : key.substring(0, dash);
  }

  /** Distinct keys read so far whose prefix (before the first {@code -}) is {@code prefix}. */
  int count(String prefix) {
    return counts.getOrDefault(prefix, 0);
  }

  /** When {@code key} was first read, by {@link System#nanoTime()}. */
  long arrival(String key) {
    Long at = arrivals.get(key);
    if (at == null) {
      throw new IllegalStateException("no scored record read for key " + key);
    }
    return at;
  }

  /** When the most recent new key was read, by {@link System#nanoTime()}. */
  long lastArrival() {
    return lastArrival.get();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
