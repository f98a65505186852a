package dev.bellwether.alerts.notify;

import dev.bellwether.event.Alert;
import dev.bellwether.event.Delivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One announcement waiting for, or on its way to, one receiver, with every alerts-topic record it
 * stands for: when a later revision of the same alert joins a group before it is sent, the two
 * merge into one entry that answers for both records.
 *
 * @param announcement what will be announced
 * @param sources the records it stands for, with the delivery-state key of each
 */
record Entry(Announcement announcement, List<Source> sources) {

  /**
   * One record of the alerts topic behind an entry.
   *
   * @param partition its partition
   * @param offset its offset
   * @param state the episode state it announces (see {@link #state})
   * @param revision the alert revision it carries
   */
  record Source(int partition, long offset, String state, int revision) {}

  /** Copies the sources. */
  Entry {
    sources = List.copyOf(sources);
  }

  /** The entry of one record. */
  static Entry of(Announcement announcement, int partition, long offset) {
    return new Entry(
        announcement, List.of(new Source(partition, offset, state(announcement), announcement.alert().revision())));
  }

  /** The delivery-state records that say every source of this entry reached {@code receiver} at {@code at}. */
  List<Delivery> deliveries(String receiver, java.time.Instant at) {
    List<Delivery> out = new ArrayList<>(sources.size());
    for (Source s : sources) {
      out.add(new Delivery(Delivery.SCHEMA_VERSION, alertId(), s.state(), receiver, s.revision(),
          announcement.alert().scope(), at));
    }
    return out;
  }

  /** The delivery-state keys of every source of this entry at {@code receiver}. */
  List<String> deliveryKeys(String receiver) {
    return sources.stream().map(s -> Delivery.keyOf(alertId(), s.state(), receiver)).toList();
  }

  /**
   * The later {@code next} revision of the same alert joined to this entry: it shows the latest
   * numbers, and stays "new" for a receiver that has not heard of the alert yet unless it is the
   * resolution.
   */
  Entry merge(Entry next) {
    AlertLine.Event event =
        announcement.event() == AlertLine.Event.NEW && next.announcement.event() != AlertLine.Event.RESOLVED
            ? AlertLine.Event.NEW
            : next.announcement.event();
    List<Source> all = new ArrayList<>(sources);
    all.addAll(next.sources);
    return new Entry(new Announcement(next.announcement.alert(), event), all);
  }

  /** Whether it stands for a record of one of the alerts-topic {@code partitions}. */
  boolean of(java.util.Set<Integer> partitions) {
    return sources.stream().anyMatch(s -> partitions.contains(s.partition()));
  }

  /** The alert's id. */
  String alertId() {
    return announcement.alert().id();
  }

  /** The episode state an announcement delivers: {@code firing-warning}, {@code firing-critical} or {@code resolved}. */
  static String state(Announcement announcement) {
    Alert alert = announcement.alert();
    return announcement.event() == AlertLine.Event.RESOLVED
        ? "resolved"
        : "firing-" + alert.severity().name().toLowerCase(Locale.ROOT);
  }

  /** The delivery-state key of {@code announcement} at {@code receiver}. */
  static String deliveryKey(Announcement announcement, String receiver) {
    return Delivery.keyOf(announcement.alert().id(), state(announcement), receiver);
  }
}
