package dev.bellwether.alerts.notify;

import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each message ({@link Batch}) to its receiver, each receiver on a thread of its own so that
 * a slow or failing receiver delays only itself, and retries failed attempts with {@link Backoff}.
 * A delivery that fails for good (a final error, the last attempt, a full queue) becomes one
 * {@link DeadLetter} per alert in the message, with stage {@value #STAGE}, naming the receiver and
 * the reason. Deliveries still waiting when the notifier stops, and those it interrupts while a
 * receiver has not answered yet, are neither dead-lettered nor recorded but handed back
 * ({@link Completion#abandoned}) for the next notifier to send: delivery is at least once, and the
 * copy carries the same id.
 *
 * <p>Counts {@code bellwether.notifier.notifications{receiver=<kind>,outcome}} (sent, retried,
 * failed, skipped), times {@code bellwether.notifier.delivery.latency{receiver}} from hand-off to
 * delivery, retries included, and {@code bellwether.notifier.end.to.end.latency{receiver}} from the
 * end of the window that raised each announced revision (its event time) to its delivery: the
 * alert delay an analyst sees. Counts {@code bellwether.deadletter.records{stage=notifier}}.
 */
final class Dispatcher implements AutoCloseable {

  /** The stage name of dead letters and of the dead-letter counter tag. */
  static final String STAGE = "notifier";

  /** Most deliveries waiting per receiver; past it new ones go straight to the dead-letter topic. */
  static final int MAX_PENDING = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /**
   * Longest a stopping notifier waits for attempts already on the wire once its {@code close}
   * timeout has passed; receivers' own timeouts (10 s by default) end them sooner.
   */
  static final Duration ON_THE_WIRE_WAIT = Duration.ofSeconds(20);

  private final List<Lane> lanes = new ArrayList<>();
  private final int attempts;
  private final Backoff backoff;
  private final DeadLetterSink deadLetters;
  private final Counter deadLettered;
  private final MeterRegistry registry;
  private final Clock clock;
  private final JsonCodec<Alert> alertCodec = new JsonCodec<>(Alert.class);
  private final Set<Delivery> pending = ConcurrentHashMap.newKeySet();
  private final Map<String, Lane> byName = new HashMap<>();
  private final Completion completion;

  /** What becomes of each batch handed over; called on the receivers' threads, so it must be thread-safe. */
  interface Completion {
    /** The receiver accepted {@code batch}. */
    void delivered(Batch batch);

    /** {@code batch} failed for good and was dead-lettered. */
    void failed(Batch batch);

    /** {@code batch} was still waiting when the notifier stopped; it was neither sent nor dead-lettered. */
    void abandoned(Batch batch);
  }

  /** A dispatcher whose completions go nowhere, for tests of delivery alone. */
  Dispatcher(
      List<Receiver> receivers, NotifierConfig.Retry retry, DeadLetterSink deadLetters, MeterRegistry registry,
      Clock clock, DoubleSupplier random) {
    this(receivers, retry, deadLetters, registry, clock, random, new Completion() {
      @Override
      public void delivered(Batch batch) {}

      @Override
      public void failed(Batch batch) {}

      @Override
      public void abandoned(Batch batch) {}
    });
  }

  Dispatcher(
      List<Receiver> receivers, NotifierConfig.Retry retry, DeadLetterSink deadLetters, MeterRegistry registry,
      Clock clock, DoubleSupplier random, Completion completion) {
    this.completion = completion;
    this.attempts = retry.attempts();
    this.backoff = new Backoff(retry, random);
    this.deadLetters = deadLetters;
    this.registry = registry;
    this.clock = clock;
    this.deadLettered =
        Counter.builder("bellwether.deadletter.records")
            .description("Records sent to the dead-letter topic, by stage")
            .baseUnit("records")
            .tag("stage", STAGE)
            .register(registry);
    for (Receiver receiver : receivers) {
      Lane lane = new Lane(receiver);
      lanes.add(lane);
      byName.put(receiver.name(), lane);
    }
  }

  /** The names of the receivers, in the order given. */
  List<String> receiverNames() {
    return lanes.stream().map(l -> l.receiver.name()).toList();
  }

  /** Queues {@code batch} for its receiver. */
  void dispatch(Batch batch) {
    Lane lane = byName.get(batch.receiver());
    if (lane == null) {
      throw new IllegalArgumentException("no receiver named " + batch.receiver());
    }
    Delivery delivery = new Delivery(lane, batch, registry.config().clock().monotonicTime());
    pending.add(delivery);
    if (lane.queued.incrementAndGet() > MAX_PENDING) {
      fail(delivery, "more than " + MAX_PENDING + " deliveries were already waiting for this receiver");
      return;
    }
    submit(delivery, Duration.ZERO);
  }

  /** Counts an announcement no receiver gets, because it is too old. */
  void skip() {
    for (Lane lane : lanes) {
      lane.skipped.increment();
    }
  }

  private void submit(Delivery delivery, Duration delay) {
    try {
      // Under the delivery's lock, so that a first attempt that fails at once and reschedules itself
      // cannot have its retry's future overwritten by this one.
      synchronized (delivery) {
        delivery.future = delivery.lane.executor.schedule(delivery, delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (RejectedExecutionException e) {
      abandon(delivery);
    }
  }

  /**
   * What {@link #withdraw} took back, and what it could not.
   *
   * @param unsent messages taken back before their next attempt: neither sent nor completed
   * @param stillOnTheWire messages whose attempt had not ended when the wait was over; they complete as usual
   */
  record Withdrawal(List<Batch> unsent, int stillOnTheWire) {}

  /**
   * Takes back every message holding an announcement from one of the alerts-topic
   * {@code partitions}, which this notifier is about to lose: a message not being attempted right
   * now (queued, or waiting for a retry) is withdrawn unsent, without a completion; one whose
   * attempt is on the wire is waited for, up to {@code wait}, since a receiver may get it either way.
   */
  Withdrawal withdraw(Set<Integer> partitions, Duration wait) {
    List<Batch> unsent = new ArrayList<>();
    List<Delivery> onTheWire = new ArrayList<>();
    for (Delivery d : List.copyOf(pending)) {
      if (d.batch.touches(partitions)) {
        if (!takeBack(d, unsent)) {
          onTheWire.add(d);
        }
      }
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      // An attempt that failed meanwhile waits for its retry: taken back too.
      onTheWire.removeIf(d -> !pending.contains(d) || takeBack(d, unsent));
      if (onTheWire.isEmpty()) {
        break;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    onTheWire.removeIf(d -> !pending.contains(d));
    return new Withdrawal(unsent, onTheWire.size());
  }

  /** Cancels {@code d}'s next attempt if it has not begun, adding its batch to {@code unsent}; false when it runs. */
  private boolean takeBack(Delivery d, List<Batch> unsent) {
    boolean cancelled = cancel(d);
    if (cancelled && pending.remove(d)) {
      d.lane.queued.decrementAndGet();
      unsent.add(d.batch);
    }
    return cancelled;
  }

  private void fail(Delivery d, String reason) {
    if (!pending.remove(d)) {
      return;
    }
    d.lane.queued.decrementAndGet();
    d.lane.failed.increment();
    String group = d.batch.entries().size() > 1 ? " (in a message of " + d.batch.entries().size() + " alerts)" : "";
    for (Entry entry : d.batch.entries()) {
      Announcement a = entry.announcement();
      String why = "receiver " + d.lane.receiver.name() + " (" + d.lane.receiver.kind() + ") could not deliver "
          + a.event().label() + " revision " + a.alert().revision() + group + ": " + reason;
      LOG.warn("Alert {}: {}", a.alert().id(), why);
      Entry.Source source = entry.sources().get(entry.sources().size() - 1);
      deadLetters.send(
          DeadLetter.of(STAGE, Topics.ALERTS.name(), source.partition(), source.offset(), a.alert().id(), why,
              alertCodec.encode(a.alert()), clock.instant()));
      deadLettered.increment();
    }
    completion.failed(d.batch);
  }

  private void abandon(Delivery d) {
    if (pending.remove(d)) {
      d.lane.queued.decrementAndGet();
      LOG.info("Receiver {}: a message of {} alert(s) was not sent before the notifier stopped ({} of {} attempts"
          + " made); the next notifier sends it", d.lane.receiver.name(), d.batch.entries().size(), d.attempt, attempts);
      completion.abandoned(d.batch);
    }
  }

  /**
   * Stops taking deliveries, lets queued first attempts run for up to {@code timeout}, then hands
   * back whatever has not begun (queued, or waiting for a retry) as {@link Completion#abandoned},
   * and waits up to {@link #ON_THE_WIRE_WAIT} more for attempts already on the wire, which end by
   * their receiver's own timeout. Only an attempt still running after that is cut off: its
   * receiver may have it, and the next notifier sends it again (at least once).
   */
  void close(Duration timeout) {
    for (Lane lane : lanes) {
      lane.executor.shutdown();
    }
    awaitLanes(System.nanoTime() + timeout.toNanos(), false);
    for (Delivery d : List.copyOf(pending)) {
      if (cancel(d)) {
        abandon(d);
      }
    }
    awaitLanes(System.nanoTime() + ON_THE_WIRE_WAIT.toNanos(), true);
    for (Delivery d : List.copyOf(pending)) {
      abandon(d);
    }
  }

  /** Waits until every lane has ended or {@code deadline} passed; {@code interrupt} cuts off what still runs then. */
  private void awaitLanes(long deadline, boolean interrupt) {
    for (Lane lane : lanes) {
      try {
        if (!lane.executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
            && interrupt) {
          lane.executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        lane.executor.shutdownNow();
      }
    }
  }

  /** Cancels {@code d}'s next attempt if it has not begun; false when it runs or has ended. */
  private static boolean cancel(Delivery d) {
    synchronized (d) {
      return d.future != null && d.future.cancel(false);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  /** One receiver with its own thread and meters. */
  private final class Lane {
    final Receiver receiver;
    final ScheduledThreadPoolExecutor executor;
    final AtomicInteger queued = new AtomicInteger();
    final Counter sent;
    final Counter retried;
    final Counter failed;
    final Counter skipped;
    final Timer latency;
    final Timer endToEnd;

    Lane(Receiver receiver) {
      this.receiver = receiver;
      this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "bellwether-notify-" + receiver.name());
        thread.setDaemon(true);
        return thread;
      });
      // Waiting retries are dead-lettered at close rather than run late.
      executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      executor.setRemoveOnCancelPolicy(true);
      this.sent = notifications(receiver.kind(), "sent");
      this.retried = notifications(receiver.kind(), "retried");
      this.failed = notifications(receiver.kind(), "failed");
      this.skipped = notifications(receiver.kind(), "skipped");
      this.latency =
          Timer.builder("bellwether.notifier.delivery.latency")
              .description("Time from handing a message to a receiver until it was delivered, retries included")
              .tag("receiver", receiver.kind())
              .register(registry);
      this.endToEnd =
          Timer.builder("bellwether.notifier.end.to.end.latency")
              .description("Time from the end of the window that raised an announced alert revision (event time) to"
                  + " its delivery to a receiver: grace, alerting, incidents, group wait and delivery together")
              .tag("receiver", receiver.kind())
              .serviceLevelObjectives(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1),
                  Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30))
              .register(registry);
    }

    private Counter notifications(String kind, String outcome) {
      return Counter.builder("bellwether.notifier.notifications")
          .description("Alert notification messages (one may carry a group of alerts) by receiver kind and outcome:"
              + " sent, retried (an attempt failed and another follows), failed (dead-lettered) or skipped (an"
              + " alert too old to announce)")
          .baseUnit("notifications")
          .tag("receiver", kind)
          .tag("outcome", outcome)
          .register(registry);
    }
  }

  /** One message on its way to one receiver; identity matters, so not a record. */
  private final class Delivery implements Runnable {
    final Lane lane;
    final Batch batch;
    final Notification notification;
    final long startNanos;
    volatile int attempt;
    /** The scheduled next attempt; set under this delivery's lock. */
    Future<?> future;

    Delivery(Lane lane, Batch batch, long startNanos) {
      this.lane = lane;
      this.batch = batch;
      this.notification = batch.notification();
      this.startNanos = startNanos;
    }

    @Override
    public void run() {
      attempt++;
      try {
        lane.receiver.deliver(notification);
        if (pending.remove(this)) {
          lane.queued.decrementAndGet();
          lane.sent.increment();
          lane.latency.record(registry.config().clock().monotonicTime() - startNanos, TimeUnit.NANOSECONDS);
          Instant now = clock.instant();
          for (Entry entry : batch.entries()) {
            Instant raised = entry.announcement().alert().windowEnd();
            if (raised != null && !raised.isAfter(now)) {
              lane.endToEnd.record(Duration.between(raised, now));
            }
          }
          completion.delivered(batch);
        }
      } catch (DeliveryException e) {
        if (lane.executor.isShutdown() && Thread.currentThread().isInterrupted()) {
          // Stopped while the receiver had not answered: it may have the message or not, so the next
          // notifier sends it again with the same id (at least once), rather than it being dead-lettered.
          abandon(this);
          return;
        }
        if (e.retryable() && attempt < attempts) {
          lane.retried.increment();
          Duration wait = backoff.after(attempt, e.retryAfter());
          LOG.debug("Message {}: attempt {} of {} to {} failed ({}); next in {} ms", notification.idempotencyKey(),
              attempt, attempts, lane.receiver.name(), e.getMessage(), wait.toMillis());
          submit(this, wait);
        } else {
          fail(this, e.getMessage() + (e.retryable() ? " (after " + attempt + " attempts)" : ""));
        }
      } catch (RuntimeException e) {
        // Receivers should not throw these; its message may hold anything, so only its type is kept.
        LOG.debug("Receiver {} threw", lane.receiver.name(), e);
        fail(this, "receiver error " + e.getClass().getName());
      }
    }
  }
}
