package dev.bellwether.alerts.notify;

import dev.bellwether.event.Delivery;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What each receiver has been sent, per alert id and episode state: loaded from the deliveries
 * topic at start-up and written to it after each successful delivery, so that neither a restart
 * nor a replay of the alerts topic sends the same state of an alert to the same receiver twice.
 *
 * <p>An announcement is claimed for a receiver when it enters a group, so the same state read
 * again while its first copy waits is not queued twice; a claim is released when the delivery
 * fails for good, is silenced, or is left for redelivery at shutdown. Thread-safe: claims come
 * from the notifier thread, deliveries from the receivers' threads.
 */
final class DeliveryLedger {

  private static final String FIRING_WARNING = "firing-warning";
  private static final String FIRING_CRITICAL = "firing-critical";

  private final Consumer<Delivery> log;
  private final Map<String, Instant> delivered = new HashMap<>();
  private final Set<String> claimed = new HashSet<>();

  /** {@code log} durably records each delivery; it must not throw. */
  DeliveryLedger(Consumer<Delivery> log) {
    this.log = log;
  }

  /** Takes one record read back from the deliveries topic. */
  synchronized void load(Delivery delivery) {
    delivered.merge(delivery.key(), delivery.deliveredAt() == null ? Instant.EPOCH : delivery.deliveredAt(),
        (a, b) -> a.isAfter(b) ? a : b);
  }

  /** Claims {@code key} for delivery; false when it was delivered or is already on its way. */
  synchronized boolean claim(String key) {
    return !delivered.containsKey(key) && claimed.add(key);
  }

  /** Gives a claim back, so that a later read of the same state may deliver it. */
  synchronized void release(List<String> keys) {
    keys.forEach(claimed::remove);
  }

  /** Records that {@code entry} reached {@code receiver} at {@code at}, here and in the log. */
  void delivered(Entry entry, String receiver, Instant at) {
    List<Delivery> records = entry.deliveries(receiver, at);
    synchronized (this) {
      for (Delivery d : records) {
        claimed.remove(d.key());
        delivered.put(d.key(), at);
      }
    }
    records.forEach(log);
  }

  /** Whether {@code receiver} was sent the firing state (warning or critical) of alert {@code alertId}. */
  synchronized boolean deliveredFiring(String alertId, String receiver) {
    return delivered.containsKey(Delivery.keyOf(alertId, FIRING_WARNING, receiver))
        || delivered.containsKey(Delivery.keyOf(alertId, FIRING_CRITICAL, receiver));
  }

  /**
   * Keeps what {@code receivers} were sent of the open alert {@code alertId} from being forgotten
   * ({@link #forgetBefore}) while the episode goes on, so that its resolution still reaches them
   * after an episode longer than the memory.
   */
  synchronized void touch(String alertId, List<String> receivers, Instant now) {
    for (String receiver : receivers) {
      for (String state : new String[] {FIRING_WARNING, FIRING_CRITICAL}) {
        delivered.computeIfPresent(Delivery.keyOf(alertId, state, receiver), (k, at) -> at.isAfter(now) ? at : now);
      }
    }
  }

  /** Whether {@code key} is recorded as delivered. */
  synchronized boolean wasDelivered(String key) {
    return delivered.containsKey(key);
  }

  /** Forgets deliveries before {@code horizon}: alerts that old are not announced anyway. */
  synchronized int forgetBefore(Instant horizon) {
    int n = 0;
    for (Iterator<Map.Entry<String, Instant>> it = delivered.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().isBefore(horizon)) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  /** How many deliveries it remembers. */
  synchronized int size() {
    return delivered.size();
  }
}
