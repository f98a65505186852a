package dev.bellwether.ops.topics;

import dev.bellwether.Progress;
import dev.bellwether.UserFacingException;
import dev.bellwether.kafka.EventTime;
import dev.bellwether.kafka.Ticks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The records of one topic in an event-time range, bounded when it is made: per partition from
 * the first offset appended at or after the range's start to the last stable offset at that
 * moment, so a reader stops once it has caught up with what was there, however much is written
 * meanwhile. Records are appended after they happen, so nothing of the range comes before that
 * start; history imported later comes after it, and is read. Records are read committed-only;
 * their event time is read from the payload ({@link EventTime}); records outside the range, and
 * ticks, are skipped but counted as read.
 *
 * @param topic the topic
 * @param range the event-time range
 * @param starts first offset to read, per partition
 * @param ends offset to stop before, per partition
 */
public record TopicRange(String topic, TimeRange range, Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {

  /** Copies the maps. */
  public TopicRange {
    starts = Map.copyOf(starts);
    ends = Map.copyOf(ends);
  }

  /** Looks up the offsets of {@code range} in {@code topic}; fails with a user-facing message when the topic is missing. */
  public static TopicRange of(Admin admin, String topic, TimeRange range) {
    try {
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      Map<TopicPartition, OffsetSpec> startSpecs = new HashMap<>();
      Map<TopicPartition, OffsetSpec> endSpecs = new HashMap<>();
      description.partitions().forEach(p -> {
        TopicPartition tp = new TopicPartition(topic, p.partition());
        startSpecs.put(tp, range.from().equals(java.time.Instant.MIN)
            ? OffsetSpec.earliest() : OffsetSpec.forTimestamp(range.from().toEpochMilli()));
        endSpecs.put(tp, OffsetSpec.latest());
      });
      ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(endSpecs, committed).all().get();
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(startSpecs, committed).all().get();
      Map<TopicPartition, Long> s = new HashMap<>();
      Map<TopicPartition, Long> e = new HashMap<>();
      for (TopicPartition tp : endSpecs.keySet()) {
        long end = ends.get(tp).offset();
        long start = starts.get(tp).offset();
        // No record at or after the start time: nothing to read in this partition.
        s.put(tp, start < 0 ? end : Math.min(start, end));
        e.put(tp, end);
      }
      return new TopicRange(topic, range, s, e);
    } catch (ExecutionException ex) {
      if (ex.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
        throw new UserFacingException("topic " + topic + " does not exist on this cluster; check the name"
            + " (bellwether's topics: news.raw, news.scored, alerts, ...) and --bootstrap-servers", ex);
      }
      throw new UserFacingException("cannot read the offsets of " + topic + ": " + ex.getCause().getMessage(), ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ex);
    }
  }

  /** Offsets to read over all partitions; an upper bound of the records (transaction markers take offsets too). */
  public long offsets() {
    long n = 0;
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      n += e.getValue() - starts.get(e.getKey());
    }
    return n;
  }

  /**
   * Reads every committed record of the range, partition by partition as they come, handing
   * those whose event time is in the range (ticks never) to {@code each}; updates {@code progress} with the
   * offsets passed.
   *
   * @param clientConfig Kafka client settings (bootstrap servers and overrides)
   * @return records read, in the range or not
   */
  public long read(Map<String, Object> clientConfig, Consumer<ConsumerRecord<byte[], byte[]>> each, Progress progress) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    List<TopicPartition> open = new ArrayList<>();
    ends.forEach((tp, end) -> {
      if (starts.get(tp) < end) {
        open.add(tp);
      }
    });
    long read = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(open);
      open.forEach(tp -> consumer.seek(tp, starts.get(tp)));
      Set<TopicPartition> reading = new HashSet<>(open);
      while (!reading.isEmpty()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() >= ends.get(tp)) {
            continue;
          }
          read++;
          if (!Ticks.isTick(r.headers()) && range.contains(EventTime.of(r.value(), r.timestamp()))) {
            each.accept(r);
          }
        }
        long done = 0;
        for (TopicPartition tp : open) {
          long position = Math.min(consumer.position(tp), ends.get(tp));
          done += position - starts.get(tp);
          if (position >= ends.get(tp) && reading.remove(tp)) {
            consumer.pause(List.of(tp));
          }
        }
        if (progress != null) {
          progress.update(done);
        }
      }
      if (progress != null) {
        progress.finish(offsets());
      }
    }
    return read;
  }
}
