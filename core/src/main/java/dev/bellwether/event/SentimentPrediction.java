package dev.bellwether.event;

import java.util.Objects;

/**
 * The sentiment a model gave an item.
 *
 * @param label the most probable class
 * @param score P(positive) - P(negative), in [-1, 1]
 * @param negative probability of the negative class
 * @param neutral probability of the neutral class
 * @param positive probability of the positive class
 */
public record SentimentPrediction(
    Sentiment label, double score, double negative, double neutral, double positive) {

  /** Checks the label and the range of the score. */
  public SentimentPrediction {
    Objects.requireNonNull(label, "sentiment.label is missing");
    if (!(score >= -1.0 - 1e-6 && score <= 1.0 + 1e-6)) {
      throw new IllegalArgumentException("sentiment.score must be in [-1, 1], got " + score);
    }
  }

  /** Builds a prediction from the three class probabilities (negative, neutral, positive). */
  public static SentimentPrediction fromProbabilities(double negative, double neutral, double positive) {
    Sentiment label = Sentiment.NEUTRAL;
    double best = neutral;
    if (negative > best) {
      label = Sentiment.NEGATIVE;
      best = negative;
    }
    if (positive > best) {
      label = Sentiment.POSITIVE;
    }
    double score = Math.max(-1.0, Math.min(1.0, positive - negative));
    return new SentimentPrediction(label, score, negative, neutral, positive);
  }
}
