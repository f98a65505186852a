package dev.bellwether.alerts.notify;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which alerts-topic offsets may be committed: a record counts as done once every delivery it led
 * to was delivered or dead-lettered, and a partition's committed position never passes its
 * oldest record not done. Records waiting in a group or in flight at shutdown are thus read again
 * by the next notifier, which the delivery ledger keeps from sending anything twice.
 */
final class OffsetTracker {

  private final Map<Integer, Partition> partitions = new HashMap<>();

  /** Records that the record at {@code partition}/{@code offset} was read and led to {@code deliveries} deliveries. */
  synchronized void handled(int partition, long offset, int deliveries) {
    Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
    p.next = Math.max(p.next, offset + 1);
    if (deliveries > 0) {
      p.outstanding.merge(offset, deliveries, Integer::sum);
    }
    p.changed = true;
  }

  /** Records that one delivery of the record at {@code partition}/{@code offset} is over. */
  synchronized void done(int partition, long offset) {
    Partition p = partitions.get(partition);
    if (p == null) {
      return;
    }
    Integer left = p.outstanding.get(offset);
    if (left != null) {
      if (left <= 1) {
        p.outstanding.remove(offset);
      } else {
        p.outstanding.put(offset, left - 1);
      }
      p.changed = true;
    }
  }

  /** The position to commit per partition whose position moved since the last call; empty when none did. */
  synchronized Map<Integer, Long> moved() {
    Map<Integer, Long> out = new HashMap<>();
    for (Map.Entry<Integer, Partition> e : partitions.entrySet()) {
      Partition p = e.getValue();
      long position = p.position();
      if (p.changed && position > p.committed) {
        out.put(e.getKey(), position);
        p.committed = position;
      }
      p.changed = false;
    }
    return out;
  }

  /** The position to commit for every partition it tracks. */
  synchronized Map<Integer, Long> positions() {
    Map<Integer, Long> out = new HashMap<>();
    partitions.forEach((k, p) -> out.put(k, p.position()));
    return out;
  }

  /** Stops tracking {@code partition}, after it was revoked or the consumer moved back in it. */
  synchronized void forget(int partition) {
    partitions.remove(partition);
  }

  /** Records read but not done, over every partition. */
  synchronized int outstanding() {
    return partitions.values().stream().mapToInt(p -> p.outstanding.size()).sum();
  }

  private static final class Partition {
    final TreeMap<Long, Integer> outstanding = new TreeMap<>();
    long next;
    long committed = -1;
    boolean changed;

    long position() {
      return outstanding.isEmpty() ? next : outstanding.firstKey();
    }
  }
}
