package dev.bellwether.ingest;

import dev.bellwether.event.RawNewsItem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Items whose write to {@code news.raw} failed, held per feed (by item source) until that feed's
 * next poll sends them again, whatever the feed answers then: a feed that no longer lists an item,
 * or answers 304, must not lose it. At most {@link #CAPACITY} items are held in all; past that the
 * oldest is dropped with a warning. Thread-safe: failures arrive on the producer's I/O thread.
 */
final class UnsentItems {

  /** Most items held for a retry, over all feeds. */
  static final int CAPACITY = 100_000;

  private static final Logger LOG = LoggerFactory.getLogger(UnsentItems.class);

  private final Map<String, Deque<RawNewsItem>> bySource = new HashMap<>();
  private final int capacity;
  private int size;
  private long dropped;

  UnsentItems() {
    this(CAPACITY);
  }

  UnsentItems(int capacity) {
    this.capacity = capacity;
  }

  /** Holds {@code item} for the next poll of the feed it came from. */
  synchronized void add(RawNewsItem item) {
    bySource.computeIfAbsent(item.source(), s -> new ArrayDeque<>()).addLast(item);
    size++;
    if (size > capacity) {
      dropOldest();
    }
  }

  /** Removes and returns the items held for the feed named {@code source}, in the order they failed. */
  synchronized List<RawNewsItem> take(String source) {
    Deque<RawNewsItem> items = bySource.remove(source);
    if (items == null) {
      return List.of();
    }
    size -= items.size();
    return new ArrayList<>(items);
  }

  /** Items held now. */
  synchronized int size() {
    return size;
  }

  private void dropOldest() {
    Deque<RawNewsItem> largest = null;
    for (Deque<RawNewsItem> q : bySource.values()) {
      if (largest == null || q.size() > largest.size()) {
        largest = q;
      }
    }
    RawNewsItem lost = largest.removeFirst();
    size--;
    if (dropped++ % 1_000 == 0) {
      LOG.warn("More than {} items are waiting to be written to Kafka; dropping the oldest ({} of feed {}; {} dropped"
          + " so far). Is the Kafka cluster reachable?", capacity, lost.id(), lost.source(), dropped);
    }
  }
}
