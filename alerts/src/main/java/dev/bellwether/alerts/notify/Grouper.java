package dev.bellwether.alerts.notify;

import dev.bellwether.config.Durations;
import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Alert;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns announcements into messages as Prometheus Alertmanager does: per receiver, announcements
 * with the same group key wait {@code group-wait} for others and go out as one message; a group
 * that was notified sends what came since no sooner than {@code group-interval} after its last
 * message. A later revision of an alert still waiting in its group replaces it (see
 * {@link Entry#merge}), so a group never lists one alert twice.
 *
 * <p>The per-receiver rate limit is applied here: when a receiver may get fewer messages than
 * it has groups due, the groups beyond its allowance are merged into one message, and when it may
 * get none they wait, counted in {@code bellwether.notifier.ratelimited.groups}, and go out together in
 * the next message the limit allows. Nothing is dropped. Used by the notifier thread only.
 */
final class Grouper {

  private static final Logger LOG = LoggerFactory.getLogger(Grouper.class);

  private final NotifierConfig.Grouping grouping;
  private final NotifierConfig.RateLimit limit;
  private final MessageBudget budget;
  private final Counter ratelimited;
  private final Map<String, Map<String, Group>> byReceiver = new LinkedHashMap<>();
  private final Set<String> holdingBack = new HashSet<>();

  Grouper(NotifierConfig.Grouping grouping, NotifierConfig.RateLimit limit, Counter ratelimited) {
    this.grouping = grouping;
    this.limit = limit;
    this.budget = new MessageBudget(limit);
    this.ratelimited = ratelimited;
  }

  /** Adds {@code entry} for {@code receiver}, read at {@code now}. */
  void add(String receiver, Entry entry, Instant now) {
    String key = groupKey(entry.announcement().alert());
    Group group = byReceiver.computeIfAbsent(receiver, r -> new LinkedHashMap<>())
        .computeIfAbsent(key, k -> new Group(receiver, k));
    if (group.pending.isEmpty()) {
      group.since = now;
    }
    group.pending.merge(entry.alertId(), entry, Entry::merge);
  }

  /** Takes the waiting announcement of alert {@code alertId} for {@code receiver} out of its group, if any. */
  Optional<Entry> withdraw(String receiver, String alertId) {
    for (Group g : byReceiver.getOrDefault(receiver, Map.of()).values()) {
      Entry removed = g.pending.remove(alertId);
      if (removed != null) {
        return Optional.of(removed);
      }
    }
    return Optional.empty();
  }

  /**
   * Takes every waiting entry that stands for a record of one of the alerts-topic
   * {@code partitions} out of its group, per receiver.
   */
  Map<String, List<Entry>> withdraw(Set<Integer> partitions) {
    Map<String, List<Entry>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Group>> r : byReceiver.entrySet()) {
      for (Group g : r.getValue().values()) {
        for (Iterator<Entry> it = g.pending.values().iterator(); it.hasNext(); ) {
          Entry entry = it.next();
          if (entry.of(partitions)) {
            out.computeIfAbsent(r.getKey(), k -> new ArrayList<>()).add(entry);
            it.remove();
          }
        }
      }
    }
    return out;
  }

  /** The messages due at {@code now}, marked as sent: the caller hands each to its receiver. */
  List<Batch> due(Instant now) {
    List<Batch> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Group>> r : byReceiver.entrySet()) {
      String receiver = r.getKey();
      List<Group> due = new ArrayList<>();
      for (Group g : r.getValue().values()) {
        if (!g.pending.isEmpty() && !dueAt(g).isAfter(now)) {
          due.add(g);
        }
      }
      if (due.isEmpty()) {
        continue;
      }
      due.sort(Comparator.comparing(this::dueAt));
      int allowed = budget.available(receiver, now);
      if (allowed == 0) {
        holdBack(receiver, due, now);
        continue;
      }
      if (holdingBack.remove(receiver)) {
        LOG.info("Receiver {} may get messages again; {} waiting group(s) go out now", receiver, due.size());
      }
      int separate = allowed >= due.size() ? due.size() : allowed - 1;
      for (int i = 0; i < separate; i++) {
        out.add(send(List.of(due.get(i)), now));
      }
      if (separate < due.size()) {
        out.add(send(due.subList(separate, due.size()), now));
      }
    }
    forgetIdle(now);
    return out;
  }

  /** Announcements waiting in groups. */
  int pending() {
    int n = 0;
    for (Map<String, Group> groups : byReceiver.values()) {
      for (Group g : groups.values()) {
        n += g.pending.size();
      }
    }
    return n;
  }

  /**
   * The group key of {@code alert} within a receiver, e.g. {@code {incident=3f2a...}}; {@code {}} when
   * not grouped by anything. An alert without an incident (written before incidents existed) is an
   * incident of its own.
   */
  String groupKey(Alert alert) {
    StringBuilder key = new StringBuilder("{");
    for (String label : grouping.by()) {
      if (key.length() > 1) {
        key.append(", ");
      }
      key.append(label).append('=').append(switch (label) {
        case "incident" -> alert.incident() == null ? "alert-" + alert.id() : alert.incident().id();
        case "scope-kind" -> Router.kindOf(alert.scope());
        case "scope" -> alert.scope();
        case "severity" -> alert.severity().name().toLowerCase(Locale.ROOT);
        default -> alert.rule();
      });
    }
    return key.append('}').toString();
  }

  private Instant dueAt(Group g) {
    Instant afterWait = g.since.plus(grouping.groupWait());
    if (g.lastSent != null) {
      Instant afterInterval = g.lastSent.plus(grouping.groupInterval());
      if (afterInterval.isAfter(afterWait)) {
        return afterInterval;
      }
    }
    return afterWait;
  }

  private Batch send(List<Group> groups, Instant now) {
    List<Entry> entries = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (Group g : groups) {
      entries.addAll(g.pending.values());
      keys.add(g.key);
      g.pending.clear();
      g.lastSent = now;
      g.heldBack = false;
    }
    budget.spend(groups.get(0).receiver, now);
    return new Batch(groups.get(0).receiver, String.join("+", keys), entries);
  }

  private void holdBack(String receiver, List<Group> due, Instant now) {
    int newlyHeld = 0;
    for (Group g : due) {
      if (!g.heldBack) {
        g.heldBack = true;
        ratelimited.increment();
        newlyHeld++;
      }
    }
    if (newlyHeld > 0 && holdingBack.add(receiver)) {
      LOG.warn("Receiver {} reached its rate limit of {} messages per {}: {} group(s) wait and go out together in"
              + " its next message, at {}", receiver, limit.maxMessages(), Durations.format(limit.per()), due.size(),
          budget.nextAllowed(receiver, now));
    }
  }

  /** Drops empty groups whose interval has passed, so idle scopes do not pile up. */
  private void forgetIdle(Instant now) {
    Duration keep = grouping.groupInterval().compareTo(grouping.groupWait()) > 0
        ? grouping.groupInterval() : grouping.groupWait();
    for (Iterator<Map<String, Group>> receivers = byReceiver.values().iterator(); receivers.hasNext(); ) {
      Map<String, Group> groups = receivers.next();
      groups.values().removeIf(g -> g.pending.isEmpty() && (g.lastSent == null || !g.lastSent.plus(keep).isAfter(now)));
      if (groups.isEmpty()) {
        receivers.remove();
      }
    }
  }

  /** One group of one receiver: what waits, since when, and when it was last sent. */
  private static final class Group {
    final String receiver;
    final String key;
    final LinkedHashMap<String, Entry> pending = new LinkedHashMap<>();
    Instant since;
    Instant lastSent;
    boolean heldBack;

    Group(String receiver, String key) {
      this.receiver = receiver;
      this.key = key;
    }
  }
}
