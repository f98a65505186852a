package dev.bellwether.alerts.notify;

/**
 * A destination of announcements: the console, an SMTP server, a webhook.
 *
 * <p>The notifier decides what to announce and calls {@link #deliver} from a thread of its own
 * per receiver, never a stream thread; retries, backoff and dead letters are the notifier's, so
 * an implementation makes one attempt and says whether another could succeed.
 */
public interface Receiver {

  /** Unique name of this receiver, used in idempotency keys, logs and dead letters. */
  String name();

  /** Kind of receiver ({@code console}, {@code email}, {@code webhook}): the metrics tag. */
  String kind();

  /**
   * Makes one attempt to deliver {@code announcement}.
   *
   * @throws DeliveryException when it was not delivered; its message must hold no secret
   */
  void deliver(Announcement announcement) throws DeliveryException;
}
