package dev.bellwether.ingest.normalize;

import dev.bellwether.config.FeedConfig;
import dev.bellwether.config.IngestConfig;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.parse.FeedEntry;
import dev.bellwether.text.LanguageGuess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Turns a parsed feed entry into the {@code news.raw} contract: clean text cut to its limits (the
 * item flagged truncated when cut), canonical URL, stable id, tickers and language.
 */
public final class ItemNormalizer {

  /** Longest title kept, in characters. */
  static final int MAX_TITLE_CHARS = 500;
  /** Longest summary kept by the static methods, in characters. */
  static final int MAX_SUMMARY_CHARS = IngestConfig.DEFAULT_MAX_SUMMARY_CHARS;
  /**
   * How far in the future a publication time may lie before fetch time is used instead; a clock a
   * little ahead is common, a date days ahead would sit in windows that do not exist yet.
   */
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  private static final ItemNormalizer PLAIN = new ItemNormalizer(CompanyDictionary.empty(), MAX_SUMMARY_CHARS);

  private final CompanyDictionary names;
  private final int maxSummaryChars;

  /** A normaliser tagging the company names of {@code names} and cutting summaries at {@code maxSummaryChars}. */
  public ItemNormalizer(CompanyDictionary names, int maxSummaryChars) {
    this.names = names;
    this.maxSummaryChars = maxSummaryChars;
  }

  /** The normaliser {@code config} asks for: its company dictionary and summary limit. */
  public static ItemNormalizer of(IngestConfig config) {
    return new ItemNormalizer(CompanyDictionary.load(config.companyDictionary()), config.maxSummaryChars());
  }

  /** As {@link #item(FeedEntry, FeedConfig, Instant)} without company names and with the default summary limit. */
  public static Optional<RawNewsItem> normalize(FeedEntry entry, FeedConfig feed, Instant fetchedAt) {
    return PLAIN.item(entry, feed, fetchedAt);
  }

  /** As {@link #item(FeedEntry, String, String, List, Instant)} without company names and with the default summary limit. */
  public static Optional<RawNewsItem> normalize(
      FeedEntry entry, String source, String baseUrl, List<String> sourceTickers, Instant fetchedAt) {
    return PLAIN.item(entry, source, baseUrl, sourceTickers, fetchedAt);
  }

  /**
   * The item for {@code entry} of {@code feed}, or empty when the entry has no title or neither a
   * link nor a GUID to identify it.
   */
  public Optional<RawNewsItem> item(FeedEntry entry, FeedConfig feed, Instant fetchedAt) {
    return item(entry, feed.name(), feed.url(), feed.tickers(), fetchedAt);
  }

  /**
   * The item for {@code entry} read from {@code source}, resolving relative links against
   * {@code baseUrl} (none when empty) and adding {@code sourceTickers} to the tickers found in the
   * text; empty when the entry has no title or neither a link nor a GUID to identify it.
   */
  public Optional<RawNewsItem> item(
      FeedEntry entry, String source, String baseUrl, List<String> sourceTickers, Instant fetchedAt) {
    String title = TextNormalizer.plain(entry.title(), MAX_TITLE_CHARS + 1);
    if (title.isEmpty()) {
      return Optional.empty();
    }
    String url = link(entry.link(), baseUrl);
    String guid = entry.guid() == null ? "" : entry.guid().trim();
    String identity = !url.isEmpty() ? url : guid;
    if (identity.isEmpty()) {
      return Optional.empty();
    }
    String summary = TextNormalizer.plain(entry.summary(), maxSummaryChars + 1);
    boolean truncated = title.length() > MAX_TITLE_CHARS || summary.length() > maxSummaryChars;
    title = cut(title, MAX_TITLE_CHARS);
    summary = cut(summary, maxSummaryChars);
    Instant published = entry.publishedAt();
    boolean estimated = published == null || published.isAfter(fetchedAt.plus(MAX_CLOCK_SKEW));
    if (estimated) {
      published = fetchedAt;
    }
    String id = id(identity);
    List<String> tickers = EntityExtractor.tickers(title, summary, entry.categories(), sourceTickers, names);
    // storyId = id until the dedup stage assigns the item to a story.
    return Optional.of(new RawNewsItem(RawNewsItem.SCHEMA_VERSION, id, id, true, source, url, title, summary,
        published, fetchedAt, tickers, LanguageGuess.of(title + " " + summary), truncated, estimated));
  }

  /** {@code item} with {@code text} (e.g. an article's main text) as its summary, cut to the limit, tickers and language found again. */
  public RawNewsItem withSummary(RawNewsItem item, String text, List<String> sourceTickers) {
    String summary = TextNormalizer.plain(text, maxSummaryChars + 1);
    boolean truncated = item.truncated() || summary.length() > maxSummaryChars;
    summary = cut(summary, maxSummaryChars);
    List<String> tickers = EntityExtractor.tickers(item.title(), summary, List.of(), sourceTickers, names);
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(item.entities());
    all.addAll(tickers);
    return new RawNewsItem(item.schemaVersion(), item.id(), item.storyId(), item.novel(), item.source(), item.url(),
        item.title(), summary, item.publishedAt(), item.fetchedAt(), List.copyOf(all),
        LanguageGuess.of(item.title() + " " + summary), truncated, item.publishedEstimated());
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

  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max;
    if (Character.isLowSurrogate(text.charAt(end)) && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end).stripTrailing();
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
