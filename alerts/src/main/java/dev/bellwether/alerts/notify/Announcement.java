package dev.bellwether.alerts.notify;

import dev.bellwether.event.Alert;
import java.util.Objects;

/**
 * One alert revision the notifier decided to announce, and why: what every receiver is handed.
 *
 * @param alert the revision
 * @param event why it is announced: new, escalated or resolved
 */
public record Announcement(Alert alert, AlertLine.Event event) {

  /** Checks that both parts are present. */
  public Announcement {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(event, "event");
  }

  /**
   * The key that identifies this announcement to one receiver, the same on every attempt:
   * {@code <alert id>:<revision>:<receiver name>}.
   */
  public String idempotencyKey(String receiverName) {
    return alert.id() + ":" + alert.revision() + ":" + receiverName;
  }
}
