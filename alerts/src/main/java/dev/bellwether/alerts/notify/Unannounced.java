package dev.bellwether.alerts.notify;

import dev.bellwether.config.Durations;
import dev.bellwether.event.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert revisions the notifier read but will never announce, because they are older than
 * {@code notifier.max-alert-age} (a replay, a restart after an outage) or belong to imported
 * history: counted as they come and reported in one log line once none has come for a minute (or
 * once a quarter of an hour while they keep coming), so a backfill of thousands of alerts, which
 * come in bursts as its windows close, says so in a line, not in thousands or in none.
 */
final class Unannounced {

  private static final Logger LOG = LoggerFactory.getLogger(Unannounced.class);

  /** Quiet time after the last such revision before the line is written. */
  static final Duration QUIET = Duration.ofMinutes(1);
  /** Longest a running count waits for its line, so a long import still says what it holds back. */
  static final Duration AT_MOST = Duration.ofMinutes(15);

  private final Duration maxAge;
  private long tooOld;
  private long history;
  private Instant oldest;
  private Instant newest;
  private final TreeSet<String> timelines = new TreeSet<>();
  private Instant first;
  private Instant last;

  Unannounced(Duration maxAge) {
    this.maxAge = maxAge;
  }

  /** Counts {@code alert}, read at {@code now}: history when {@code imported}, else too old. */
  void count(Alert alert, boolean imported, Instant now) {
    if (imported) {
      history++;
      if (timelines.size() < 3) {
        timelines.add(alert.timeline());
      }
    } else {
      tooOld++;
    }
    if (alert.windowEnd() != null) {
      oldest = oldest == null || alert.windowEnd().isBefore(oldest) ? alert.windowEnd() : oldest;
      newest = newest == null || alert.windowEnd().isAfter(newest) ? alert.windowEnd() : newest;
    }
    first = first == null ? now : first;
    last = now;
  }

  /** Writes the line when revisions have stopped coming for {@link #QUIET}, or have come for {@link #AT_MOST}. */
  void report(Instant now) {
    if (first == null || now.isBefore(last.plus(QUIET)) && now.isBefore(first.plus(AT_MOST))) {
      return;
    }
    LOG.info("Not notified: {} alert revisions older than notifier.max-alert-age ({}) and {} of imported history{},"
            + " windows ending {} to {}; they stay on the alerts topic and in the console",
        tooOld, Durations.format(maxAge), history, timelines.isEmpty() ? "" : " (timelines " + String.join(", ", timelines)
            + (history > 0 && timelines.size() >= 3 ? ", ..." : "") + ")", oldest, newest);
    tooOld = 0;
    history = 0;
    oldest = null;
    newest = null;
    timelines.clear();
    first = null;
    last = null;
  }
}
