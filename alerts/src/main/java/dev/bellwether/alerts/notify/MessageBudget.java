package dev.bellwether.alerts.notify;

import dev.bellwether.config.NotifierConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-receiver rate limit: at most {@code max-messages} messages within any sliding period of
 * length {@code per}, counted from the times messages were handed to the receiver.
 */
final class MessageBudget {

  private final int max;
  private final Duration per;
  private final Map<String, Deque<Instant>> sent = new HashMap<>();

  MessageBudget(NotifierConfig.RateLimit limit) {
    this.max = limit.maxMessages();
    this.per = limit.per();
  }

  /** How many messages {@code receiver} may still get at {@code now}; {@link Integer#MAX_VALUE} when unlimited. */
  int available(String receiver, Instant now) {
    if (max <= 0) {
      return Integer.MAX_VALUE;
    }
    Deque<Instant> times = sent.computeIfAbsent(receiver, r -> new ArrayDeque<>());
    Instant horizon = now.minus(per);
    while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
      times.pollFirst();
    }
    return Math.max(0, max - times.size());
  }

  /** Records a message handed to {@code receiver} at {@code now}. */
  void spend(String receiver, Instant now) {
    if (max > 0) {
      sent.computeIfAbsent(receiver, r -> new ArrayDeque<>()).addLast(now);
    }
  }

  /** When {@code receiver} may next get a message, at or after {@code now}. */
  Instant nextAllowed(String receiver, Instant now) {
    if (available(receiver, now) > 0) {
      return now;
    }
    return sent.get(receiver).peekFirst().plus(per);
  }
}
