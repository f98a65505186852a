package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.DeadLetter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What becomes of deliveries when the notifier stops: finished if running, otherwise handed back, never dead-lettered. */
class DispatcherShutdownTest {

  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  private final List<String> outcomes = new CopyOnWriteArrayList<>();
  private final Instant end = Instant.parse("2026-11-29T10:15:00Z");

  /** A receiver that fails retryably a set number of times, then accepts. */
  private static final class Flaky implements Receiver {
    final AtomicInteger failuresLeft;
    final AtomicInteger attempts = new AtomicInteger();

    Flaky(int failures) {
      this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public String name() {
      return "flaky";
    }

    @Override
    public String kind() {
      return "webhook";
    }

    @Override
    public void deliver(Notification notification) throws DeliveryException {
      attempts.incrementAndGet();
      if (failuresLeft.getAndDecrement() > 0) {
        throw DeliveryException.retryable("HTTP 503", null);
      }
    }
  }

  @Test
  void aRetryStillWaitingAtStopIsHandedBackForRedeliveryNotDeadLettered() {
    Flaky receiver = new Flaky(1);
    Dispatcher dispatcher = dispatcher(receiver, Duration.ofMinutes(1));
    dispatcher.dispatch(batch());
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.attempts.get() == 1);

    dispatcher.close(Duration.ofSeconds(2));

    assertThat(outcomes).containsExactly("abandoned");
    assertThat(deadLetters).isEmpty();
    assertThat(receiver.attempts.get()).isEqualTo(1);
  }

  @Test
  void aDeliveryThatSucceedsIsReportedDelivered() {
    Flaky receiver = new Flaky(0);
    Dispatcher dispatcher = dispatcher(receiver, Duration.ofMillis(10));
    dispatcher.dispatch(batch());
    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.contains("delivered"));
    dispatcher.close(Duration.ofSeconds(2));
    assertThat(outcomes).containsExactly("delivered");
  }

  private Dispatcher dispatcher(Receiver receiver, Duration backoff) {
    return new Dispatcher(List.of(receiver), new NotifierConfig.Retry(5, backoff, backoff), deadLetters::add,
        new SimpleMeterRegistry(), Clock.systemUTC(), () -> 0.5, new Dispatcher.Completion() {
          @Override
          public void delivered(Batch batch) {
            outcomes.add("delivered");
          }

          @Override
          public void failed(Batch batch) {
            outcomes.add("failed");
          }

          @Override
          public void abandoned(Batch batch) {
            outcomes.add("abandoned");
          }
        });
  }

  private Batch batch() {
    return new Batch("flaky", "{}", List.of(Entry.of(new Announcement(Alerts.firing("entity:ACME", end),
        AlertLine.Event.NEW), 0, 7L)));
  }
}
