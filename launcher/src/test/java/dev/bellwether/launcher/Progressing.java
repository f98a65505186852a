package dev.bellwether.launcher;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * Waits for work that moves: a wait fails only when its progress has stood still for a while,
 * never after a fixed time, so a slow or busy machine makes a test slower but not red. Speed
 * targets belong in the benchmarks.
 */
final class Progressing {

  private static final Duration POLL = Duration.ofMillis(100);

  private Progressing() {}

  /**
   * Returns once {@code done} holds; fails when {@code progress} has not changed for {@code stall}.
   *
   * @param what what is awaited, for the failure message
   * @param diagnosis what to add to a failure: a child's log, counts, metrics
   */
  static void await(String what, Duration stall, LongSupplier progress, Callable<Boolean> done, Supplier<String> diagnosis) {
    long[] last = {progress.getAsLong(), System.nanoTime()};
    Awaitility.await(what).forever().pollDelay(Duration.ZERO).pollInterval(POLL).until(() -> {
      if (done.call()) {
        return true;
      }
      long now = progress.getAsLong();
      if (now != last[0]) {
        last[0] = now;
        last[1] = System.nanoTime();
      } else if (System.nanoTime() - last[1] > stall.toNanos()) {
        throw new AssertionError(what + ": no progress for " + stall.toSeconds() + " s (stuck at " + now + ")\n"
            + diagnosis.get());
      }
      return false;
    });
  }
}
