package dev.bellwether.classifier.score;

import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.ScoredNewsItem;

/**
 * What scoring one raw record produced: a scored item, or a dead letter. Exactly one is set.
 *
 * @param scored the scored item, or null
 * @param deadLetter why the record was refused, or null
 */
record ScoringOutcome(ScoredNewsItem scored, DeadLetter deadLetter) {

  static ScoringOutcome of(ScoredNewsItem scored) {
    return new ScoringOutcome(scored, null);
  }

  static ScoringOutcome of(DeadLetter deadLetter) {
    return new ScoringOutcome(null, deadLetter);
  }

  boolean isScored() {
    return scored != null;
  }
}
