package dev.bellwether.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A news item with the classifier's topic and sentiment: the value of the {@code news.scored} topic.
 *
 * @param schemaVersion version of this contract
 * @param item the raw item, unchanged
 * @param model the model that scored it
 * @param topic topic prediction
 * @param sentiment sentiment prediction
 * @param flags notes on how the text was scored, e.g. {@code empty-text}, {@code truncated}
 * @param scoredAt wall-clock time of scoring
 * @param chunks pieces of text scored and averaged into the predictions: 1 for a headline alone,
 *     more when the body was scored too (whether text was cut is the {@code truncated} flag);
 *     records written before this field existed read as 1, which is what was scored then
 * @param entitySentiments the sentiment of each of the item's entities ({@link RawNewsItem#entities()}),
 *     in the raw item's order: what the item says about that entity, read by a model trained on
 *     entity-level labels; for a model without that training each is the item's sentiment. Empty
 *     for an item without entities, and in records written before this field existed
 */
public record ScoredNewsItem(
    int schemaVersion,
    RawNewsItem item,
    ModelId model,
    TopicPrediction topic,
    SentimentPrediction sentiment,
    List<String> flags,
    Instant scoredAt,
    int chunks,
    List<EntitySentiment> entitySentiments) {

  /** The contract version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  /** Checks that every part is present. */
  public ScoredNewsItem {
    schemaVersion = SchemaVersions.check(schemaVersion, SCHEMA_VERSION, "ScoredNewsItem");
    Objects.requireNonNull(item, "item is missing");
    Objects.requireNonNull(model, "model is missing");
    Objects.requireNonNull(topic, "topic is missing");
    Objects.requireNonNull(sentiment, "sentiment is missing");
    flags = flags == null ? List.of() : List.copyOf(flags);
    scoredAt = scoredAt == null ? Instant.EPOCH : scoredAt;
    chunks = Math.max(1, chunks);
    entitySentiments = entitySentiments == null ? List.of() : List.copyOf(entitySentiments);
  }

  /** An item scored without entity sentiments (none asked, or written before they existed). */
  public ScoredNewsItem(
      int schemaVersion,
      RawNewsItem item,
      ModelId model,
      TopicPrediction topic,
      SentimentPrediction sentiment,
      List<String> flags,
      Instant scoredAt,
      int chunks) {
    this(schemaVersion, item, model, topic, sentiment, flags, scoredAt, chunks, List.of());
  }

  /**
   * The sentiment of {@code entity} in this item: its own when the model gave one, else the
   * item's (records of older models and writers).
   */
  public SentimentPrediction sentimentOf(String entity) {
    for (EntitySentiment e : entitySentiments) {
      if (e.entity().equals(entity)) {
        return e.sentiment();
      }
    }
    return sentiment;
  }

  /** An item scored from one piece of text. */
  public ScoredNewsItem(
      int schemaVersion,
      RawNewsItem item,
      ModelId model,
      TopicPrediction topic,
      SentimentPrediction sentiment,
      List<String> flags,
      Instant scoredAt) {
    this(schemaVersion, item, model, topic, sentiment, flags, scoredAt, 1, List.of());
  }
}
