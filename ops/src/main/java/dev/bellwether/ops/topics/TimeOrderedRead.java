package dev.bellwether.ops.topics;

import dev.bellwether.Progress;
import dev.bellwether.UserFacingException;
import dev.bellwether.kafka.EventTime;
import dev.bellwether.kafka.Ticks;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The records of a {@link TopicRange} merged across partitions in event-time order, holding a
 * bounded number of them. Each partition is read in its own offset order, and of the partitions'
 * next records the one with the earliest event time (read from the payload, {@link EventTime})
 * goes first, so a replay sees each partition's records in their order, a record that came late
 * in its partition included, and the partitions merged as the live watermark merges them. Ticks
 * are skipped. Each partition has
 * its own consumer, polled only when everything it returned has been taken, so at most one poll
 * ({@link #POLL_RECORDS} records) per partition waits in memory.
 */
public final class TimeOrderedRead {

  static final int POLL_RECORDS = 500;

  private TimeOrderedRead() {}

  /** One partition: its consumer and the records polled but not yet taken. */
  private static final class Lane implements AutoCloseable {
    final TopicPartition partition;
    final long end;
    final KafkaConsumer<byte[], byte[]> consumer;
    final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
    final ArrayDeque<Long> times = new ArrayDeque<>();
    boolean exhausted;

    Lane(TopicPartition partition, long start, long end, Map<String, Object> config) {
      this.partition = partition;
      this.end = end;
      this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      consumer.assign(List.of(partition));
      consumer.seek(partition, start);
    }

    /** The next record of this partition, polling when the buffer is empty; null at its end. */
    ConsumerRecord<byte[], byte[]> head() {
      while (buffer.isEmpty() && !exhausted) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(Duration.ofMillis(500));
        } catch (OffsetOutOfRangeException e) {
          throw new UserFacingException("records of " + partition + " from offset " + consumer.position(partition)
              + " were deleted (retention) while they were read; replay a later --from, or raise the topic's"
              + " retention.ms", e);
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (r.offset() < end && !Ticks.isTick(r.headers())) {
            buffer.add(r);
            times.add(EventTime.of(r.value(), r.timestamp()));
          }
        }
        exhausted = consumer.position(partition) >= end;
      }
      return buffer.peek();
    }

    long passed(long start) {
      return Math.min(consumer.position(partition), end) - start - buffer.size();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  /**
   * Hands every committed record of {@code range} whose event time is in the range to {@code each},
   * in event-time order across partitions; updates {@code progress} with the offsets passed.
   *
   * @return records read, in the time range or not
   */
  public static long read(TopicRange range, Map<String, Object> clientConfig,
      Consumer<ConsumerRecord<byte[], byte[]>> each, Progress progress) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, POLL_RECORDS);
    // Records deleted by retention while read must fail the read, not be skipped in silence.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    List<Lane> lanes = new ArrayList<>();
    long read = 0;
    try {
      range.ends().entrySet().stream()
          .filter(e -> range.starts().get(e.getKey()) < e.getValue())
          .sorted((a, b) -> Integer.compare(a.getKey().partition(), b.getKey().partition()))
          .forEach(e -> lanes.add(new Lane(e.getKey(), range.starts().get(e.getKey()), e.getValue(), config)));
      while (true) {
        Lane first = null;
        for (Lane lane : lanes) {
          ConsumerRecord<byte[], byte[]> head = lane.head();
          if (head != null && (first == null || lane.times.peek() < first.times.peek())) {
            first = lane;
          }
        }
        if (first == null) {
          break;
        }
        ConsumerRecord<byte[], byte[]> next = first.buffer.poll();
        long time = first.times.poll();
        read++;
        if (range.range().contains(time)) {
          each.accept(next);
        }
        if (progress != null && (read & 255) == 0) {
          long done = 0;
          for (Lane lane : lanes) {
            done += lane.passed(range.starts().get(lane.partition));
          }
          progress.update(done);
        }
      }
      if (progress != null) {
        progress.finish(range.offsets());
      }
    } finally {
      lanes.forEach(Lane::close);
    }
    return read;
  }
}
