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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each announcement to every receiver, each on a thread of its own so that a slow or
 * failing receiver delays only itself, and retries failed attempts with {@link Backoff}. A
 * delivery that fails for good (a final error, the last attempt, a full queue, or the notifier
 * stopping first) becomes a {@link DeadLetter} with stage {@value #STAGE}, naming the receiver
 * and the reason.
 *
 * <p>Counts {@code bellwether.notifier.notifications{receiver=<kind>,outcome}} (sent, retried,
 * failed, skipped), times {@code bellwether.notifier.delivery.latency{receiver}} from hand-off to
 * delivery, retries included, and counts {@code bellwether.deadletter.records{stage=notifier}}.
 */
final class Dispatcher implements AutoCloseable {

  /** The stage name of dead letters and of the dead-letter counter tag. */
  static final String STAGE = "notifier";

  /** Most deliveries waiting per receiver; past it new ones go straight to the dead-letter topic. */
  static final int MAX_PENDING = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final List<Lane> lanes = new ArrayList<>();
  private final int attempts;
  private final Backoff backoff;
  private final DeadLetterSink deadLetters;
  private final Counter deadLettered;
  private final MeterRegistry registry;
  private final Clock clock;
  private final JsonCodec<Alert> alertCodec = new JsonCodec<>(Alert.class);
  private final Set<Delivery> pending = ConcurrentHashMap.newKeySet();

  Dispatcher(
      List<Receiver> receivers, NotifierConfig.Retry retry, DeadLetterSink deadLetters, MeterRegistry registry,
      Clock clock, DoubleSupplier random) {
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
      lanes.add(new Lane(receiver));
    }
  }

  /** Queues {@code announcement} (read at {@code partition}/{@code offset} of the alerts topic) for every receiver. */
  void dispatch(Announcement announcement, int partition, long offset) {
    for (Lane lane : lanes) {
      Delivery delivery = new Delivery(lane, announcement, partition, offset, registry.config().clock().monotonicTime());
      pending.add(delivery);
      if (lane.queued.incrementAndGet() > MAX_PENDING) {
        fail(delivery, "more than " + MAX_PENDING + " deliveries were already waiting for this receiver");
        continue;
      }
      submit(delivery, Duration.ZERO);
    }
  }

  /** Counts an announcement no receiver gets, because it is too old. */
  void skip() {
    for (Lane lane : lanes) {
      lane.skipped.increment();
    }
  }

  private void submit(Delivery delivery, Duration delay) {
    try {
      delivery.lane.executor.schedule(delivery, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      fail(delivery, stopped(delivery));
    }
  }

  private void fail(Delivery d, String reason) {
    if (!pending.remove(d)) {
      return;
    }
    d.lane.queued.decrementAndGet();
    d.lane.failed.increment();
    String why = "receiver " + d.lane.receiver.name() + " (" + d.lane.receiver.kind() + ") could not deliver "
        + d.announcement.event().label() + " revision " + d.announcement.alert().revision() + ": " + reason;
    LOG.warn("Alert {}: {}", d.announcement.alert().id(), why);
    deadLetters.send(
        DeadLetter.of(STAGE, Topics.ALERTS.name(), d.partition, d.offset, d.announcement.alert().id(), why,
            alertCodec.encode(d.announcement.alert()), clock.instant()));
    deadLettered.increment();
  }

  private String stopped(Delivery d) {
    return "the notifier stopped after " + d.attempt + " of " + attempts + " attempts";
  }

  /**
   * Stops taking deliveries, lets queued first attempts run for up to {@code timeout}, and
   * dead-letters whatever is still waiting (pending retries included).
   */
  void close(Duration timeout) {
    for (Lane lane : lanes) {
      lane.executor.shutdown();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Lane lane : lanes) {
      try {
        if (!lane.executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          lane.executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        lane.executor.shutdownNow();
      }
    }
    for (Delivery d : List.copyOf(pending)) {
      fail(d, stopped(d));
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
              .description("Time from handing an announcement to a receiver until it was delivered, retries included")
              .tag("receiver", receiver.kind())
              .register(registry);
    }

    private Counter notifications(String kind, String outcome) {
      return Counter.builder("bellwether.notifier.notifications")
          .description("Alert notifications by receiver kind and outcome: sent, retried (an attempt failed and"
              + " another follows), failed (dead-lettered) or skipped (too old)")
          .baseUnit("notifications")
          .tag("receiver", kind)
          .tag("outcome", outcome)
          .register(registry);
    }
  }

  /** One announcement on its way to one receiver; identity matters, so not a record. */
  private final class Delivery implements Runnable {
    final Lane lane;
    final Announcement announcement;
    final int partition;
    final long offset;
    final long startNanos;
    volatile int attempt;

    Delivery(Lane lane, Announcement announcement, int partition, long offset, long startNanos) {
      this.lane = lane;
      this.announcement = announcement;
      this.partition = partition;
      this.offset = offset;
      this.startNanos = startNanos;
    }

    @Override
    public void run() {
      attempt++;
      try {
        lane.receiver.deliver(announcement);
        if (pending.remove(this)) {
          lane.queued.decrementAndGet();
          lane.sent.increment();
          lane.latency.record(registry.config().clock().monotonicTime() - startNanos, TimeUnit.NANOSECONDS);
        }
      } catch (DeliveryException e) {
        if (e.retryable() && attempt < attempts) {
          lane.retried.increment();
          Duration wait = backoff.after(attempt, e.retryAfter());
          LOG.debug("Alert {}: attempt {} of {} to {} failed ({}); next in {} ms", announcement.alert().id(), attempt,
              attempts, lane.receiver.name(), e.getMessage(), wait.toMillis());
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
