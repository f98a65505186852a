package dev.bellwether.event;

import java.time.Instant;
import java.util.List;

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
 * @param entities the item's tickers, which tie alerts of different scopes to one incident (absent in
 *     older records: none)
 */
public record Headline(
    String itemId, String storyId, String title, String url, String source, Instant publishedAt, double score,
    List<String> entities) {

  /** Copies the entities. */
  public Headline {
    entities = entities == null ? List.of() : List.copyOf(entities);
  }

  /** A headline without entities. */
  public Headline(String itemId, String storyId, String title, String url, String source, Instant publishedAt,
      double score) {
    this(itemId, storyId, title, url, source, publishedAt, score, List.of());
  }

  /** The headline of a scored item. */
  public static Headline of(ScoredNewsItem scored) {
    RawNewsItem item = scored.item();
    return new Headline(
        item.id(), item.storyId(), item.title(), item.url(), item.source(), item.publishedAt(),
        scored.sentiment().score(), item.entities());
  }
}
