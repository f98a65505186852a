package dev.bellwether.ingest.dedup;

import dev.bellwether.config.DedupConfig;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.kafka.InvalidRecordException;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Ticks;
import dev.bellwether.kafka.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Rebuilds the de-duplication memory at start-up from the tail of {@code news.raw}: the last
 * {@code seen-ids-capacity} records of each partition, those fetched within {@code seen-ids-max-age}.
 *
 * <p>Why the raw topic and not a state topic of its own: {@code news.raw} already holds every field
 * the memory is made of (id, story id, text, tickers, publication and fetch time), and it is exactly
 * what was sent. A separate compacted topic would be a second, non-atomic write per item that can
 * disagree with the raw topic after a crash (an item in one and not the other is a duplicate or a
 * lost story link), and would need its own retention to stay bounded. The price is the read at
 * start-up, bounded by the capacity and measured in the log line it writes.
 *
 * <p>Records that do not decode are skipped and counted; they were never sent by this code.
 */
public final class RawTopicRestore {

  /**
   * What a restore read.
   *
   * @param records records read from the raw topic
   * @param restored items remembered (fetched within the maximum age)
   * @param unreadable records skipped because they did not decode
   * @param elapsed wall time of the restore
   */
  public record Summary(long records, long restored, long unreadable, Duration elapsed) {}

  private RawTopicRestore() {}

  /**
   * Reads the tail of {@code news.raw} into {@code target}.
   *
   * @param clientConfig Kafka client settings (at least {@code bootstrap.servers})
   * @param timeout longest the whole read may take
   * @throws IllegalStateException when the topic cannot be read to its end within {@code timeout}
   */
  public static Summary restore(Map<String, Object> clientConfig, Deduplicator target, DedupConfig config,
      Clock clock, Duration timeout) {
    long started = System.nanoTime();
    Instant now = clock.instant();
    Instant oldestFetch = now.minus(config.seenIdsMaxAge());
    JsonCodec<RawNewsItem> codec = Topics.RAW.valueSerde().codec();
    Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
    consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "bellwether-ingest-restore");
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    long records = 0;
    long restored = 0;
    long unreadable = 0;
    Deduplicator.Restore restore = target.restore(now);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.RAW.name(), timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .toList();
      if (partitions.isEmpty()) {
        return new Summary(0, 0, 0, Duration.ofNanos(System.nanoTime() - started));
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      for (TopicPartition p : partitions) {
        consumer.seek(p, Math.max(begin.get(p), end.get(p) - config.seenIdsCapacity()));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reachedEnd(consumer, partitions, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + Topics.RAW.name() + " to its end within "
              + timeout.toSeconds() + " s to restore the de-duplication memory (" + records + " records read)");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (Ticks.isTick(record.headers())) {
            continue;
          }
          records++;
          RawNewsItem item;
          try {
            item = codec.decode(record.value());
          } catch (InvalidRecordException e) {
            unreadable++;
            continue;
          }
          if (!item.fetchedAt().isBefore(oldestFetch)) {
            restore.accept(item);
            restored++;
          }
        }
      }
    }
    restore.finish();
    return new Summary(records, restored, unreadable, Duration.ofNanos(System.nanoTime() - started));
  }

  private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    for (TopicPartition p : partitions) {
      if (consumer.position(p) < end.get(p)) {
        return false;
      }
    }
    return true;
  }
}
