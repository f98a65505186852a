package dev.bellwether.classifier.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leasing and swapping models: a batch in flight keeps its model open until it is done. */
class ModelSlotTest {

  private static NewsClassifier first;
  private static NewsClassifier second;

  @BeforeAll
  static void load() {
    first = NewsClassifier.loadBundled(1, 32);
    second = NewsClassifier.loadBundled(1, 32);
  }

  @AfterAll
  static void close() {
    first.close();
    second.close();
  }

  @Test
  void aLeaseTakenBeforeASwapFinishesOnTheOldModelWhichClosesAfterIt() {
    ModelSlot slot = ModelSlot.of(first);
    ModelSlot.Lease inFlight = slot.acquire();

    slot.swap(second);

    assertThat(inFlight.classifier()).isSameAs(first);
    assertThat(first.isClosed()).as("still leased").isFalse();
    assertThat(inFlight.classifier().classify("Acme beats estimates").topic().probabilities()).isNotEmpty();
    try (ModelSlot.Lease next = slot.acquire()) {
      assertThat(next.classifier()).as("the next batch gets the new model").isSameAs(second);
    }
    inFlight.close();
    assertThat(first.isClosed()).as("closed with its last lease").isTrue();
    assertThat(second.isClosed()).isFalse();

    slot.close();
    assertThat(second.isClosed()).isTrue();
    assertThatThrownBy(slot::acquire).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
