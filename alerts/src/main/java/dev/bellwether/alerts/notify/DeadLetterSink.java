package dev.bellwether.alerts.notify;

import dev.bellwether.event.DeadLetter;

/** Where deliveries that failed for good are recorded; in production the dead-letter topic. */
@FunctionalInterface
interface DeadLetterSink {

  /** Records {@code letter}; never throws. */
  void send(DeadLetter letter);
}
