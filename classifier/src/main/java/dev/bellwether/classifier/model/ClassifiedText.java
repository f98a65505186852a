package dev.bellwether.classifier.model;

import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import java.util.List;

/**
 * The classifier's verdict on one text.
 *
 * @param topic the topic prediction
 * @param sentiment the sentiment prediction
 * @param flags notes on how the text was scored: {@code empty-text}, {@code truncated},
 *     {@code non-latin-script}
 */
public record ClassifiedText(TopicPrediction topic, SentimentPrediction sentiment, List<String> flags) {

  /** Flag: nothing was left to score after cleaning; the prediction is the model's prior. */
  public static final String EMPTY_TEXT = "empty-text";
  /** Flag: the text was longer than max-tokens and only its beginning was scored. */
  public static final String TRUNCATED = "truncated";
  /** Flag: most letters are not Latin; the English model is guessing. */
  public static final String NON_LATIN_SCRIPT = "non-latin-script";

  /** Keeps the flags immutable. */
  public ClassifiedText {
    flags = List.copyOf(flags);
  }
}
