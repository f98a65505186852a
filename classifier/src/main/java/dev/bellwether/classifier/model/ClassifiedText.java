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
 *     {@code non-latin-script}, {@code not-english}
 * @param chunks pieces of text scored and averaged: 1 for a single text, more for a headline
 *     with a body
 */
public record ClassifiedText(TopicPrediction topic, SentimentPrediction sentiment, List<String> flags, int chunks) {

  /** Flag: nothing was left to score after cleaning; the prediction is the model's prior. */
  public static final String EMPTY_TEXT = "empty-text";
  /**
   * Flag: text was left out: a piece longer than max-tokens was cut, or a body had more
   * sentences than max-chunks pieces hold.
   */
  public static final String TRUNCATED = "truncated";
  /** Flag: most letters are not Latin; the English model is guessing. */
  public static final String NON_LATIN_SCRIPT = "non-latin-script";
  /**
   * Flag: Latin-script text in another language than English (German, French, Spanish, Italian,
   * Dutch or Portuguese, as {@link dev.bellwether.text.LanguageGuess} tells them); the English
   * model is guessing.
   */
  public static final String NOT_ENGLISH = "not-english";

  /** Keeps the flags immutable. */
  public ClassifiedText {
    flags = List.copyOf(flags);
  }

  /** The verdict on a single text. */
  public ClassifiedText(TopicPrediction topic, SentimentPrediction sentiment, List<String> flags) {
    this(topic, sentiment, flags, 1);
  }
}
