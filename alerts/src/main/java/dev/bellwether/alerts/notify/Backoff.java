package dev.bellwether.alerts.notify;

import dev.bellwether.config.NotifierConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Waits between delivery attempts: exponential from the initial backoff, capped at the maximum,
 * with "equal jitter" (half fixed, half random) so that receivers failing together do not retry
 * together; a server's Retry-After raises the wait, up to the maximum.
 */
final class Backoff {

  private final long initialMillis;
  private final long maxMillis;
  private final DoubleSupplier random;

  /** {@code random} yields values in [0, 1). */
  Backoff(NotifierConfig.Retry retry, DoubleSupplier random) {
    this.initialMillis = retry.initialBackoff().toMillis();
    this.maxMillis = retry.maxBackoff().toMillis();
    this.random = random;
  }

  /** The wait after failed attempt number {@code attempt} (1 for the first). */
  Duration after(int attempt, Optional<Duration> retryAfter) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 30);
    long ceiling = Math.min(maxMillis, initialMillis << doublings);
    long half = ceiling / 2;
    long wait = ceiling - half + (long) (random.getAsDouble() * half);
    if (retryAfter.isPresent()) {
      wait = Math.max(wait, retryAfter.get().toMillis());
    }
    return Duration.ofMillis(Math.min(wait, maxMillis));
  }
}
