package dev.bellwether.ingest.parse;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a feed as the feed wrote it, before any cleaning.
 *
 * @param title title, possibly holding HTML
 * @param link the article link, possibly relative, or null
 * @param guid the entry's GUID or Atom id, or null
 * @param summary description or content, possibly HTML, or empty
 * @param publishedAt publication (else update) time, or null when the feed gave none
 * @param categories the entry's categories
 */
public record FeedEntry(
    String title, String link, String guid, String summary, Instant publishedAt, List<Category> categories) {

  /** Normalises nulls. */
  public FeedEntry {
    title = title == null ? "" : title;
    summary = summary == null ? "" : summary;
    categories = categories == null ? List.of() : List.copyOf(categories);
  }

  /**
   * A category of an entry: RSS {@code <category domain="...">value</category>} or Atom
   * {@code <category scheme="..." term="..."/>}.
   *
   * @param domain the RSS domain or Atom scheme, or empty
   * @param value the category text or term
   */
  public record Category(String domain, String value) {

    /** Normalises nulls. */
    public Category {
      domain = domain == null ? "" : domain;
      value = value == null ? "" : value;
    }
  }
}
