package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Committed positions never pass a record whose deliveries are not all over. */
class OffsetTrackerTest {

  private final OffsetTracker tracker = new OffsetTracker();

  @Test
  void positionStopsAtTheOldestRecordStillBeingDelivered() {
    tracker.handled(0, 10, 0);
    tracker.handled(0, 11, 2);
    tracker.handled(0, 12, 0);
    tracker.handled(0, 13, 1);
    assertThat(tracker.moved()).containsEntry(0, 11L);

    tracker.done(0, 11);
    assertThat(tracker.moved()).isEmpty();
    tracker.done(0, 11);
    assertThat(tracker.moved()).containsEntry(0, 13L);
    tracker.done(0, 13);
    assertThat(tracker.moved()).containsEntry(0, 14L);
    assertThat(tracker.outstanding()).isZero();
  }

  @Test
  void partitionsMoveIndependentlyAndForgettingOneDropsIt() {
    tracker.handled(0, 5, 1);
    tracker.handled(1, 7, 0);
    assertThat(tracker.moved()).containsEntry(0, 5L).containsEntry(1, 8L);
    tracker.forget(0);
    tracker.done(0, 5);
    assertThat(tracker.positions()).containsOnlyKeys(1);
  }
}
