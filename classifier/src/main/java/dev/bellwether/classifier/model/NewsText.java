package dev.bellwether.classifier.model;

import java.util.List;

/**
 * The text of one news item as the classifier scores it: a headline and a body (summary or
 * article text), either possibly empty, and the entities whose own sentiment is wanted.
 *
 * @param title the headline
 * @param body the summary or article body
 * @param entities the item's entities (tickers), each scored for its own sentiment
 */
public record NewsText(String title, String body, List<String> entities) {

  /** Reads a missing part as empty. */
  public NewsText {
    title = title == null ? "" : title;
    body = body == null ? "" : body;
    entities = entities == null ? List.of() : List.copyOf(entities);
  }

  /** An item whose entities are not scored. */
  public NewsText(String title, String body) {
    this(title, body, List.of());
  }
}
