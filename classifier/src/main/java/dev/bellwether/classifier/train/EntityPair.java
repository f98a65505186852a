package dev.bellwether.classifier.train;

/**
 * One entity-level sentiment example: a text, one entity it names, and that entity's sentiment.
 *
 * @param text the raw text, as in the data file
 * @param entity the entity as the text writes it (or its ticker)
 * @param label sentiment index: 0 negative, 1 neutral, 2 positive
 * @param source data set name
 */
public record EntityPair(String text, String entity, int label, String source) {}
