package dev.bellwether.event;

import java.time.Instant;

/**
 * A notification a receiver accepted: the value of the compacted deliveries topic, keyed by
 * {@link #key()}, which the notifier reads at start-up so that a restart or a replay never sends
 * the same state of an alert to the same receiver twice.
 *
 * @param schemaVersion version of this contract
 * @param alertId the alert
 * @param state the episode state delivered: {@code firing-warning}, {@code firing-critical} or {@code resolved}
 * @param receiver the receiver's name
 * @param revision the alert revision delivered
 * @param scope the alert's scope, for people reading the topic
 * @param deliveredAt when the receiver accepted it
 */
public record Delivery(
    int schemaVersion, String alertId, String state, String receiver, int revision, String scope, Instant deliveredAt) {

  /** The contract version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  /** Checks the identifying fields. */
  public Delivery {
    schemaVersion = SchemaVersions.check(schemaVersion, SCHEMA_VERSION, "Delivery");
    RawNewsItem.requireText(alertId, "alert_id");
    RawNewsItem.requireText(state, "state");
    RawNewsItem.requireText(receiver, "receiver");
  }

  /** The Kafka key: {@code <alert id>/<state>/<receiver>}. */
  public String key() {
    return keyOf(alertId, state, receiver);
  }

  /** The Kafka key of one alert state at one receiver. */
  public static String keyOf(String alertId, String state, String receiver) {
    return alertId + "/" + state + "/" + receiver;
  }
}
