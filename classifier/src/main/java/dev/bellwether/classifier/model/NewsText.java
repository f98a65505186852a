package dev.bellwether.classifier.model;

/**
 * The text of one news item as the classifier scores it: a headline and a body (summary or
 * article text), either possibly empty.
 *
 * @param title the headline
 * @param body the summary or article body
 */
public record NewsText(String title, String body) {

  /** Reads a missing part as empty. */
  public NewsText {
    title = title == null ? "" : title;
    body = body == null ? "" : body;
  }
}
