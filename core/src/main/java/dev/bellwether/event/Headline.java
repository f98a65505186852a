package dev.bellwether.event;

import java.time.Instant;

/**
 * One headline that contributed to a window or an alert, with its link and score.
 *
 * @param itemId id of the news item
 * @param storyId its story cluster
 * @param title headline text
 * @param url link to the article
 * @param source feed name
 * @param publishedAt publication time
 * @param score sentiment score in [-1, 1]
 */
public record Headline(
    String itemId, String storyId, String title, String url, String source, Instant publishedAt, double score) {

  /** The headline of a scored item. */
  public static Headline of(ScoredNewsItem scored) {
    RawNewsItem item = scored.item();
    return new Headline(
        item.id(), item.storyId(), item.title(), item.url(), item.source(), item.publishedAt(),
        scored.sentiment().score());
  }
}
