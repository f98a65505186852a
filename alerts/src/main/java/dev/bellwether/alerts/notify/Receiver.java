package dev.bellwether.alerts.notify;

/**
 * A destination of notifications: the console, an SMTP server, a webhook.
 *
 * <p>The notifier decides what to announce, to whom and grouped how, and calls {@link #deliver}
 * from a thread of its own per receiver, never a stream thread; retries, backoff and dead letters
 * are the notifier's, so an implementation makes one attempt and says whether another could
 * succeed. One notification is one message: one email, one webhook request.
 */
public interface Receiver {

  /** Unique name of this receiver, used in routing rules, idempotency keys, logs and dead letters. */
  String name();

  /** Kind of receiver ({@code console}, {@code email}, {@code webhook}): the metrics tag. */
  String kind();

  /**
   * Makes one attempt to deliver {@code notification} as one message.
   *
   * @throws DeliveryException when it was not delivered; its message must hold no secret
   */
  void deliver(Notification notification) throws DeliveryException;
}
