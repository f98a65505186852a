package dev.bellwether.classifier.score;

import dev.bellwether.event.Tick;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Writes each tick to the partition number it names: {@code news.scored} is partitioned like
 * {@code news.raw} (by story id, with as many partitions), so a tick read from partition {@code p}
 * of one keeps describing partition {@code p} of the other.
 */
final class TickPartitioner implements StreamPartitioner<String, Tick> {

  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, Tick tick, Headers headers, int partitions) {
    return Optional.of(Set.of(Math.floorMod(tick.partition(), partitions)));
  }

  /** The same as the overload with headers; Kafka still declares this one abstract. */
  @Override
  @SuppressWarnings("removal")
  public Optional<Set<Integer>> partitions(String topic, String key, Tick tick, int partitions) {
    return partitions(topic, key, tick, null, partitions);
  }
}
