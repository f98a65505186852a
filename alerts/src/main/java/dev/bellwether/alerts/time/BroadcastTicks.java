package dev.bellwether.alerts.time;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the by-scope stream: an item's scope copy by its scope key (the default), a tick to
 * every partition, since every partition's windows wait for every source.
 */
public final class BroadcastTicks implements StreamPartitioner<String, ScopeEvent> {

  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, ScopeEvent event, Headers headers, int partitions) {
    if (event == null || !event.hasTick()) {
      return Optional.empty();
    }
    return Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toUnmodifiableSet()));
  }

  /** The same as the overload with headers; Kafka still declares this one abstract. */
  @Override
  @SuppressWarnings("removal")
  public Optional<Set<Integer>> partitions(String topic, String key, ScopeEvent event, int partitions) {
    return partitions(topic, key, event, null, partitions);
  }
}
