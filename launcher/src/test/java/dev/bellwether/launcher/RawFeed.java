package dev.bellwether.launcher;

import static org.awaitility.Awaitility.await;

import dev.bellwether.event.RawNewsItem;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Deterministic raw news for the fault tests: item {@code i} is {@code item-<i>}, published
 * {@code i * spacing} after {@code start}, about one of {@link #ENTITIES} ({@code i mod 5}) with a
 * short headline (two or three words keep the real model fast: the model is not under test).
 */
final class RawFeed implements AutoCloseable {

  /** The tickers items are about; item {@code i} names {@code ENTITIES[i % 5]}. */
  static final List<String> ENTITIES = List.of("ACME", "BOLT", "CRUX", "DYNA", "EPIC");
  private static final List<String> VERBS = List.of("falls", "rises", "holds", "slumps", "soars", "steady");

  private final Instant start;
  private final Duration spacing;
  private final KafkaProducer<String, byte[]> producer;
  private final JsonCodec<RawNewsItem> codec = Topics.RAW.valueSerde().codec();

  RawFeed(String bootstrapServers, Instant start, Duration spacing) {
    this.start = start;
    this.spacing = spacing;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // Long enough to ride out a broker restart: records wait and are retried, never dropped.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Waits until every partition of every Bellwether topic has a leader that accepts writes: an
   * idempotent producer that starts on a partition still electing its leader can get its sequence
   * numbers out of step and retry for ever.
   */
  static void awaitLeaders(String bootstrapServers) {
    awaitLeaders(bootstrapServers, Topics.all().stream().map(dev.bellwether.kafka.TopicSpec::name).toList());
  }

  /** The same wait for the partitions of {@code names} only. */
  static void awaitLeaders(String bootstrapServers, List<String> names) {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrapServers))) {
      await("leaders of " + names).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> admin.describeTopics(names).allTopicNames().get().values().stream()
              .flatMap(d -> d.partitions().stream())
              .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
    }
    try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(
        Map.<String, Object>of("bootstrap.servers", bootstrapServers), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      // Listing offsets is answered by the partition leader only: once it answers, writes are taken.
      List<TopicPartition> partitions = new ArrayList<>();
      for (String name : names) {
        probe.partitionsFor(name, Duration.ofSeconds(30)).forEach(i -> partitions.add(new TopicPartition(name, i.partition())));
      }
      probe.endOffsets(partitions, Duration.ofSeconds(60));
    }
  }

  /** Item {@code i} of the feed. */
  RawNewsItem item(int i) {
    Instant published = publishedAt(i);
    String ticker = ENTITIES.get(i % ENTITIES.size());
    return RawNewsItem.of("item-" + i, "fault-test", "https://news.test/" + i,
        ticker + " " + VERBS.get(i % VERBS.size()), "", published, published, List.of(ticker));
  }

  Instant publishedAt(int i) {
    return start.plus(spacing.multipliedBy(i));
  }

  /** Sends items {@code from} (inclusive) to {@code to} (exclusive), timestamped with their publication time. */
  void send(int from, int to) {
    for (int i = from; i < to; i++) {
      send(item(i));
    }
  }

  /** Sends one item keyed by its story id, timestamped with its publication time. */
  void send(RawNewsItem item) {
    producer.send(new ProducerRecord<>(Topics.RAW.name(), null, item.publishedAt().toEpochMilli(), item.storyId(),
        codec.encode(item)));
  }

  /**
   * Sends sentinel {@code n}, an item about every entity published at {@code at}, and waits for it:
   * published after the grace, it closes every window before it. Windows closed by stream time are
   * only emitted while records are processed (at most once a second of wall time), so a test keeps
   * sending sentinels until the windows it expects appear.
   */
  void sendSentinel(Instant at, int n) {
    send(RawNewsItem.of("sentinel-" + n, "fault-test", "", "Sentinel closes windows", "", at, at, ENTITIES));
    flush();
  }

  /** Sends raw bytes as they are, for poison pills. */
  void sendBytes(String key, Long timestamp, byte[] value) {
    producer.send(new ProducerRecord<>(Topics.RAW.name(), null, timestamp, key, value));
  }

  /** Waits until every record sent is acknowledged. */
  void flush() {
    producer.flush();
  }

  /** The ids of items {@code from} to {@code to}. */
  static List<String> ids(int from, int to) {
    List<String> ids = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      ids.add("item-" + i);
    }
    return ids;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
