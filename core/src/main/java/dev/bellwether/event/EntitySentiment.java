package dev.bellwether.event;

import java.util.Objects;

/**
 * The sentiment a model gave one entity of a news item: what the item says about that company,
 * which may differ from the item's sentiment ("Acme beats estimates as Globex slumps").
 *
 * @param entity the entity as the raw item lists it (a ticker, upper case)
 * @param mention the words the model read as the entity: the company as the headline names it
 *     when it could be found there, else the ticker itself
 * @param sentiment the entity's own sentiment; its score is P(positive) - P(negative) as for items
 */
public record EntitySentiment(String entity, String mention, SentimentPrediction sentiment) {

  /** Checks that every part is present. */
  public EntitySentiment {
    Objects.requireNonNull(entity, "entity_sentiments.entity is missing");
    Objects.requireNonNull(sentiment, "entity_sentiments.sentiment is missing");
    mention = mention == null ? entity : mention;
  }
}
