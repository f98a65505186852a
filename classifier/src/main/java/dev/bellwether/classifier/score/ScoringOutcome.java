package dev.bellwether.classifier.score;

import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Tick;

/**
 * What scoring one raw record produced: a scored item, a dead letter, or a tick passed on to the
 * same partition of {@code news.scored}. Exactly one is set.
 *
 * @param scored the scored item, or null
 * @param deadLetter why the record was refused, or null
 * @param tick the tick to pass on, or null
 */
record ScoringOutcome(ScoredNewsItem scored, DeadLetter deadLetter, Tick tick) {

  static ScoringOutcome of(ScoredNewsItem scored) {
    return new ScoringOutcome(scored, null, null);
  }

  static ScoringOutcome of(DeadLetter deadLetter) {
    return new ScoringOutcome(null, deadLetter, null);
  }

  static ScoringOutcome of(Tick tick) {
    return new ScoringOutcome(null, null, tick);
  }

  boolean isScored() {
    return scored != null;
  }

  boolean isTick() {
    return tick != null;
  }
}
