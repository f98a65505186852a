package dev.bellwether.alerts.notify;

import java.util.List;
import java.util.Set;

/**
 * The entries of one group (or, when a rate limit held several back, of several groups) that go
 * to one receiver as one message.
 *
 * @param receiver the receiver's name
 * @param groupKey the group key; groups merged under a rate limit join their keys with {@code +}
 * @param entries the entries, oldest first
 */
record Batch(String receiver, String groupKey, List<Entry> entries) {

  /** Copies the entries. */
  Batch {
    entries = List.copyOf(entries);
  }

  /** The message the receiver is handed. */
  Notification notification() {
    return new Notification(receiver, groupKey, entries.stream().map(Entry::announcement).toList());
  }

  /** Whether an entry stands for a record of one of the alerts-topic {@code partitions}. */
  boolean touches(Set<Integer> partitions) {
    return entries.stream().anyMatch(e -> e.of(partitions));
  }

  /** A copy holding only {@code kept}. */
  Batch with(List<Entry> kept) {
    return new Batch(receiver, groupKey, kept);
  }
}
