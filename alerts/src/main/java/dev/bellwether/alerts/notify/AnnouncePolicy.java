package dev.bellwether.alerts.notify;

import dev.bellwether.event.Alert;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which alert revisions are worth a notification: the first of an episode, a severity
 * escalation, and the resolution. Routine revisions in between only update the record, and
 * revisions about windows older than the maximum age are skipped so a replay never re-sends old
 * news; revisions of imported history (any timeline but the live one) are never announced.
 *
 * <p>It remembers the last announced severity per open alert id, in memory and bounded: after a
 * restart an unknown id seen mid-episode is adopted silently rather than announced again.
 */
final class AnnouncePolicy {

  /** Most open alert ids remembered; the least recently updated are forgotten first. */
  static final int MAX_OPEN_ALERTS = 10_000;

  /** What to do with one revision. */
  enum Decision {
    /** Announce it; see {@link #event}. */
    ANNOUNCE,
    /** A routine revision: count it, do not announce. */
    UPDATE,
    /** Too old to announce. */
    STALE,
    /** Imported history: never announced, whatever its age. */
    HISTORY
  }

  /**
   * The verdict on one revision.
   *
   * @param decision what to do
   * @param event why it is announced, when it is
   */
  record Verdict(Decision decision, Optional<AlertLine.Event> event) {}

  private final Duration maxAge;
  private final Clock clock;
  private final Map<String, Alert.Severity> announced =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Alert.Severity> eldest) {
          return size() > MAX_OPEN_ALERTS;
        }
      };

  AnnouncePolicy(Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** Whether it remembers the open alert {@code alertId}: false for one it has not seen, or forgot. */
  boolean knows(String alertId) {
    return announced.containsKey(alertId);
  }

  /** Judges {@code alert} and remembers what was announced. */
  Verdict judge(Alert alert) {
    if (!alert.live()) {
      return new Verdict(Decision.HISTORY, Optional.empty());
    }
    Alert.Severity previous =
        alert.status() == Alert.Status.RESOLVED ? announced.remove(alert.id()) : announced.put(alert.id(), alert.severity());
    if (alert.windowEnd() != null && alert.windowEnd().isBefore(clock.instant().minus(maxAge))) {
      return new Verdict(Decision.STALE, Optional.empty());
    }
    if (alert.status() == Alert.Status.RESOLVED) {
      return announce(AlertLine.Event.RESOLVED);
    }
    if (alert.revision() == 1) {
      return announce(AlertLine.Event.NEW);
    }
    if (previous != null && alert.severity().compareTo(previous) > 0) {
      return announce(AlertLine.Event.ESCALATED);
    }
    return new Verdict(Decision.UPDATE, Optional.empty());
  }

  private static Verdict announce(AlertLine.Event event) {
    return new Verdict(Decision.ANNOUNCE, Optional.of(event));
  }
}
