package dev.bellwether.alerts.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One message to one receiver: the announcements of one group that came due together, oldest
 * first. A single-alert notification is the common case; a group of alerts that fired together
 * is one email, one webhook body, one run of console lines.
 *
 * @param receiver the receiver's name
 * @param groupKey the group, e.g. {@code {}} or {@code {scope-kind=entity}}
 * @param announcements what it announces; at least one
 */
public record Notification(String receiver, String groupKey, List<Announcement> announcements) {

  /** Checks that it announces something. */
  public Notification {
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(groupKey, "groupKey");
    announcements = List.copyOf(announcements);
    if (announcements.isEmpty()) {
      throw new IllegalArgumentException("a notification announces at least one alert");
    }
  }

  /** A notification of one announcement, outside any group. */
  public static Notification of(String receiver, Announcement announcement) {
    return new Notification(receiver, "{}", List.of(announcement));
  }

  /** The first announcement: the only one of a single-alert notification. */
  public Announcement first() {
    return announcements.get(0);
  }

  /** How many alerts it announces. */
  public int size() {
    return announcements.size();
  }

  /**
   * The key that identifies this message to its receiver, the same on every attempt: for one
   * alert {@code <alert id>:<revision>:<receiver>}, for a group {@code group-<hash of every alert
   * id and revision>:<receiver>}.
   */
  public String idempotencyKey() {
    if (announcements.size() == 1) {
      return first().idempotencyKey(receiver);
    }
    StringBuilder ids = new StringBuilder();
    for (Announcement a : announcements) {
      ids.append(a.alert().id()).append(':').append(a.alert().revision()).append('\n');
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(ids.toString().getBytes(StandardCharsets.UTF_8));
      return "group-" + HexFormat.of().formatHex(hash, 0, 10) + ":" + receiver;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
