package dev.bellwether.alerts.notify;

import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Delivery;
import dev.bellwether.event.Silence;
import dev.bellwether.kafka.Decoded;
import dev.bellwether.kafka.JsonCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier's decisions, without Kafka: which alert revisions to announce ({@link
 * AnnouncePolicy}), which are silenced ({@link SilenceBook}), to which receivers ({@link Router}),
 * which those receivers already have ({@link DeliveryLedger}), and when they go out grouped
 * ({@link Grouper}); and, as deliveries complete, which alerts-topic offsets may be committed
 * ({@link OffsetTracker}).
 *
 * <p>{@link #accept} and {@link #due} run on the notifier thread; the {@link Dispatcher.Completion}
 * methods run on the receivers' threads and touch only the thread-safe ledger and tracker.
 *
 * <p>A resolution goes only to receivers that were sent the episode's opening (the ledger knows),
 * as in Alertmanager: a receiver is never told an episode ended that it was never told began
 * (its opening too old, silenced, failed, or still waiting in its group, in which case the two
 * are dropped together).
 *
 * <p>Counts {@code bellwether.notifier.updates}, {@code bellwether.notifier.invalid.records},
 * {@code bellwether.notifier.alerts.silenced}, {@code bellwether.notifier.already.delivered},
 * {@code bellwether.notifier.resolutions.unannounced} and
 * {@code bellwether.notifier.ratelimited.groups}; gauges {@code bellwether.notifier.pending} and
 * {@code bellwether.notifier.silences.active}.
 */
final class Triage implements Dispatcher.Completion {

  private static final Logger LOG = LoggerFactory.getLogger(Triage.class);

  /** What became of one record. */
  enum Outcome {
    /** Not an alert. */
    INVALID,
    /** Too old to announce. */
    STALE,
    /** A routine revision, not announced. */
    UPDATE,
    /** Announced, but a silence holds it back. */
    SILENCED,
    /** Announced, but every receiver it is routed to already has it (or is about to). */
    ALREADY_DELIVERED,
    /** A resolution no receiver gets: those it is routed to were not sent the episode's opening, or already have it. */
    UNANNOUNCED,
    /** Queued for at least one receiver. */
    QUEUED
  }

  private final AnnouncePolicy policy;
  private final Unannounced unannounced;
  private final Router router;
  private final SilenceBook silences;
  private final Grouper grouper;
  private final DeliveryLedger ledger;
  private final OffsetTracker offsets = new OffsetTracker();
  private final boolean sendResolved;
  private final Clock clock;
  private final JsonCodec<Alert> codec = new JsonCodec<>(Alert.class);
  private final Counter updates;
  private final Counter invalid;
  private final Counter silenced;
  private final Counter alreadyDelivered;
  private final Counter resolutionsNeverOpened;
  private final List<String> receivers;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger activeSilences = new AtomicInteger();

  /** {@code receivers} are the names of every receiver that is on. */
  Triage(NotifierConfig config, List<String> receivers, DeliveryLedger ledger, MeterRegistry registry, Clock clock) {
    this.receivers = List.copyOf(receivers);
    this.policy = new AnnouncePolicy(config.maxAlertAge(), clock);
    this.unannounced = new Unannounced(config.maxAlertAge());
    this.router = new Router(config.routing(), receivers);
    this.silences = new SilenceBook(config.silences());
    this.ledger = ledger;
    this.sendResolved = config.grouping().sendResolved();
    this.clock = clock;
    this.grouper = new Grouper(config.grouping(), config.rateLimit(),
        Counter.builder("bellwether.notifier.ratelimited.groups")
            .description("Groups of alerts a receiver's rate limit held back; they go out together in its next message")
            .baseUnit("groups")
            .register(registry));
    this.updates =
        Counter.builder("bellwether.notifier.updates")
            .description("Alert revisions read that were routine updates, counted but not announced")
            .register(registry);
    this.invalid =
        Counter.builder("bellwether.notifier.invalid.records")
            .description("Records on the alerts topic that could not be read as alerts")
            .baseUnit("records")
            .register(registry);
    this.silenced =
        Counter.builder("bellwether.notifier.alerts.silenced")
            .description("Alert announcements not sent because a silence matched their scope")
            .register(registry);
    this.alreadyDelivered =
        Counter.builder("bellwether.notifier.already.delivered")
            .description("Announcements not sent to a receiver because the deliveries topic says it already has them"
                + " (restarts, replays)")
            .register(registry);
    this.resolutionsNeverOpened =
        Counter.builder("bellwether.notifier.resolutions.unannounced")
            .description("Resolutions not sent to a receiver that was never sent the episode's opening (too old,"
                + " silenced, failed, or resolved while still waiting in its group)")
            .register(registry);
    Gauge.builder("bellwether.notifier.pending", pending, AtomicInteger::get)
        .description("Announcements waiting in groups for their group wait, group interval or rate limit")
        .baseUnit("notifications")
        .register(registry);
    Gauge.builder("bellwether.notifier.silences.active", activeSilences, AtomicInteger::get)
        .description("Silences in force now, from the config file and the silences topic")
        .register(registry);
    activeSilences.set(silences.active(clock.instant()));
  }

  /** Writes the line about revisions read but not announced, once they stop coming. */
  void reportUnannounced() {
    unannounced.report(clock.instant());
  }

  /** Judges the alerts-topic record at {@code partition}/{@code offset} and queues what it announces. */
  Outcome accept(byte[] value, int partition, long offset) {
    Decoded<Alert> decoded = Decoded.of(codec, value);
    if (!decoded.ok()) {
      invalid.increment();
      offsets.handled(partition, offset, 0);
      LOG.warn("Skipping unreadable alert at partition {} offset {}: {}", partition, offset, decoded.error());
      return Outcome.INVALID;
    }
    Alert alert = decoded.value();
    boolean known = policy.knows(alert.id());
    AnnouncePolicy.Verdict verdict = policy.judge(alert);
    // An episode first seen at a critical revision (after a restart, or a partition taken over from
    // another notifier whose escalation was still waiting): the ledger says who was told of its
    // warning and not yet of the escalation.
    boolean adopted = !known && verdict.decision() == AnnouncePolicy.Decision.UPDATE
        && alert.status() == Alert.Status.FIRING && alert.severity() == Alert.Severity.CRITICAL;
    if (adopted) {
      verdict = new AnnouncePolicy.Verdict(AnnouncePolicy.Decision.ANNOUNCE, Optional.of(AlertLine.Event.ESCALATED));
    }
    if (alert.status() == Alert.Status.FIRING) {
      ledger.touch(alert.id(), receivers, clock.instant());
    }
    if (verdict.decision() != AnnouncePolicy.Decision.ANNOUNCE) {
      offsets.handled(partition, offset, 0);
      if (verdict.decision() == AnnouncePolicy.Decision.STALE || verdict.decision() == AnnouncePolicy.Decision.HISTORY) {
        unannounced.count(alert, verdict.decision() == AnnouncePolicy.Decision.HISTORY, clock.instant());
        return Outcome.STALE;
      }
      updates.increment();
      return Outcome.UPDATE;
    }
    Announcement announcement = new Announcement(alert, verdict.event().orElseThrow());
    Instant now = clock.instant();
    Optional<Silence> silence = silences.silencing(alert.scope(), now);
    if (silence.isPresent()) {
      silenced.increment();
      offsets.handled(partition, offset, 0);
      Silence s = silence.get();
      LOG.info("Alert {} ({} {} {}) silenced by {} until {} ({}{})", alert.id(), announcement.event().label(),
          alert.severity().name(), alert.scope(), s.id(), s.endsAt(), s.comment(),
          s.author().isEmpty() ? "" : ", by " + s.author());
      return Outcome.SILENCED;
    }
    if (announcement.event() == AlertLine.Event.RESOLVED && !sendResolved) {
      offsets.handled(partition, offset, 0);
      return Outcome.UPDATE;
    }
    Entry entry = Entry.of(announcement, partition, offset);
    boolean resolution = announcement.event() == AlertLine.Event.RESOLVED;
    List<String> claimed = new ArrayList<>();
    boolean unannouncedSomewhere = false;
    boolean escalatesSomewhere = false;
    for (String receiver : router.receiversOf(alert)) {
      if (adopted && !ledger.wasDelivered(Delivery.keyOf(alert.id(), "firing-warning", receiver))) {
        continue;
      }
      escalatesSomewhere = true;
      if (resolution && !ledger.deliveredFiring(alert.id(), receiver)) {
        unannouncedSomewhere = true;
        resolutionsNeverOpened.increment();
        grouper.withdraw(receiver, alert.id()).ifPresent(waiting -> {
          ledger.release(waiting.deliveryKeys(receiver));
          waiting.sources().forEach(s -> offsets.done(s.partition(), s.offset()));
        });
        continue;
      }
      if (ledger.claim(entry.deliveryKeys(receiver).get(0))) {
        claimed.add(receiver);
      } else {
        alreadyDelivered.increment();
      }
    }
    // Registered before the entries join groups, so no completion can come first.
    offsets.handled(partition, offset, claimed.size());
    for (String receiver : claimed) {
      grouper.add(receiver, entry, now);
    }
    pending.set(grouper.pending());
    if (!claimed.isEmpty()) {
      return Outcome.QUEUED;
    }
    if (adopted && !escalatesSomewhere) {
      updates.increment();
      return Outcome.UPDATE;
    }
    return unannouncedSomewhere ? Outcome.UNANNOUNCED : Outcome.ALREADY_DELIVERED;
  }

  /**
   * The messages due now. Entries whose scope a silence matched while they waited are taken out,
   * counted as silenced and completed; a batch left empty is not returned.
   */
  List<Batch> due() {
    Instant now = clock.instant();
    List<Batch> out = new ArrayList<>();
    for (Batch batch : grouper.due(now)) {
      List<Entry> kept = new ArrayList<>();
      for (Entry entry : batch.entries()) {
        if (silences.silencing(entry.announcement().alert().scope(), now).isPresent()) {
          silenced.increment();
          ledger.release(entry.deliveryKeys(batch.receiver()));
          entry.sources().forEach(s -> offsets.done(s.partition(), s.offset()));
        } else {
          kept.add(entry);
        }
      }
      if (!kept.isEmpty()) {
        out.add(batch.with(kept));
      }
    }
    pending.set(grouper.pending());
    activeSilences.set(silences.active(now));
    return out;
  }

  /** Takes the latest version of a silence from the silences topic. */
  void silence(Silence silence) {
    silences.put(silence);
    activeSilences.set(silences.active(clock.instant()));
  }

  /** Forgets a silence deleted from the silences topic. */
  void unsilence(String id) {
    silences.remove(id);
  }

  /**
   * Takes back what waits for records of the alerts-topic {@code partitions}, which this notifier
   * no longer owns: the entries waiting in groups, and those in the messages {@code unsent} that the
   * dispatcher gave back. Their claims are released and their records left uncommitted, so that the
   * partitions' next owner reads them again and sends them once; entries of other partitions in
   * the same messages go back to their groups.
   *
   * @return how many announcements were taken back
   */
  int revoke(Set<Integer> partitions, List<Batch> unsent) {
    int n = 0;
    for (Map.Entry<String, List<Entry>> waiting : grouper.withdraw(partitions).entrySet()) {
      for (Entry entry : waiting.getValue()) {
        ledger.release(entry.deliveryKeys(waiting.getKey()));
        n++;
      }
    }
    Instant now = clock.instant();
    for (Batch batch : unsent) {
      for (Entry entry : batch.entries()) {
        if (entry.of(partitions)) {
          ledger.release(entry.deliveryKeys(batch.receiver()));
          n++;
        } else {
          grouper.add(batch.receiver(), entry, now);
        }
      }
    }
    pending.set(grouper.pending());
    return n;
  }

  /** The offsets that may be committed. */
  OffsetTracker offsets() {
    return offsets;
  }

  @Override
  public void delivered(Batch batch) {
    Instant now = clock.instant();
    for (Entry entry : batch.entries()) {
      ledger.delivered(entry, batch.receiver(), now);
      entry.sources().forEach(s -> offsets.done(s.partition(), s.offset()));
    }
  }

  @Override
  public void failed(Batch batch) {
    for (Entry entry : batch.entries()) {
      ledger.release(entry.deliveryKeys(batch.receiver()));
      entry.sources().forEach(s -> offsets.done(s.partition(), s.offset()));
    }
  }

  @Override
  public void abandoned(Batch batch) {
    // Not done: the offsets stay uncommitted, so the next notifier reads these records again.
    for (Entry entry : batch.entries()) {
      ledger.release(entry.deliveryKeys(batch.receiver()));
    }
  }
}
