package dev.bellwether.alerts.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * A delivery attempt that failed, saying whether a later attempt could succeed. Its message is
 * written to logs and dead letters, so it never holds a password, a signing secret or a
 * webhook URL.
 */
public final class DeliveryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;
  private final transient Duration retryAfter;

  private DeliveryException(String reason, boolean retryable, Duration retryAfter) {
    super(reason);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** A failure worth retrying (connection error, 5xx, 429), with the wait the server asked for if any. */
  public static DeliveryException retryable(String reason, Duration retryAfter) {
    return new DeliveryException(reason, true, retryAfter);
  }

  /** A failure no retry can fix (4xx other than 429, a refused recipient). */
  public static DeliveryException permanent(String reason) {
    return new DeliveryException(reason, false, null);
  }

  /** Whether another attempt could succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** The wait the server asked for (Retry-After), when it asked. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
