package dev.bellwether.ingest.normalize;

import dev.bellwether.config.FeedConfig;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.parse.FeedEntry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Turns a parsed feed entry into the {@code news.raw} contract: clean text, canonical URL, stable id, tickers. */
public final class ItemNormalizer {

  /** Longest title kept, in characters. */
  static final int MAX_TITLE_CHARS = 500;
  /** Longest summary kept, in characters. */
  static final int MAX_SUMMARY_CHARS = 4000;
  /**
   * How far in the future a publication time may lie before fetch time is used instead; a clock a
   * little ahead is common, a date days ahead would sit in windows that do not exist yet.
   */
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private ItemNormalizer() {}

  /**
   * The item for {@code entry} of {@code feed}, or empty when the entry has no title or neither a
   * link nor a GUID to identify it.
   */
  public static Optional<RawNewsItem> normalize(FeedEntry entry, FeedConfig feed, Instant fetchedAt) {
    return normalize(entry, feed.name(), feed.url(), feed.tickers(), fetchedAt);
  }

  /**
   * The item for {@code entry} read from {@code source}, resolving relative links against
   * {@code baseUrl} (none when empty) and adding {@code sourceTickers} to the tickers found in the
   * text; empty when the entry has no title or neither a link nor a GUID to identify it.
   */
  public static Optional<RawNewsItem> normalize(
      FeedEntry entry, String source, String baseUrl, List<String> sourceTickers, Instant fetchedAt) {
    String title = TextNormalizer.plain(entry.title(), MAX_TITLE_CHARS);
    if (title.isEmpty()) {
      return Optional.empty();
    }
    String url = link(entry.link(), baseUrl);
    String guid = entry.guid() == null ? "" : entry.guid().trim();
    String identity = !url.isEmpty() ? url : guid;
    if (identity.isEmpty()) {
      return Optional.empty();
    }
    String summary = TextNormalizer.plain(entry.summary(), MAX_SUMMARY_CHARS);
    Instant published = entry.publishedAt();
    if (published == null || published.isAfter(fetchedAt.plus(MAX_CLOCK_SKEW))) {
      published = fetchedAt;
    }
    String id = id(identity);
    // storyId = id until the dedup stage assigns the item to a story.
    return Optional.of(RawNewsItem.of(id, source, url, title, summary, published, fetchedAt,
        EntityExtractor.tickers(title, summary, entry.categories(), sourceTickers)));
  }

  /** The first 32 hex characters of the SHA-256 of {@code identity}. */
  public static String id(String identity) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The canonical absolute link, resolving a relative one against the feed URL; empty when there is none. */
  private static String link(String link, String feedUrl) {
    if (link == null || link.isBlank()) {
      return "";
    }
    String absolute = link.trim();
    try {
      absolute = feedUrl.isEmpty() ? absolute : URI.create(feedUrl).resolve(absolute.replace(" ", "%20")).toString();
    } catch (IllegalArgumentException e) {
      // Not resolvable: keep it as written; canonical() leaves such text alone.
    }
    return UrlCanonicalizer.canonical(absolute);
  }
}
