package dev.bellwether.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The feed poller.
 *
 * @param feeds feeds to poll
 * @param userAgent User-Agent header sent with every request
 * @param requestTimeout connect and read timeout of one request
 * @param maxBodyBytes largest feed body read; larger bodies are refused
 * @param allowPrivateAddresses whether feeds on loopback or private addresses may be polled
 * @param maxSummaryChars longest summary (or article text) kept; longer ones are cut and the item flagged truncated
 * @param companyDictionary a file of company names and their tickers; empty: the bundled dictionary
 * @param dedup the de-duplication memory
 * @param articles article page fetching, for feeds with {@code fetch-articles: true}
 */
public record IngestConfig(
    List<FeedConfig> feeds,
    String userAgent,
    Duration requestTimeout,
    int maxBodyBytes,
    boolean allowPrivateAddresses,
    int maxSummaryChars,
    String companyDictionary,
    DedupConfig dedup,
    ArticleConfig articles) {

  /** Default of {@code max-summary-chars}. */
  public static final int DEFAULT_MAX_SUMMARY_CHARS = 4000;

  /** Checks every value and fills the optional sections with their defaults. */
  public IngestConfig {
    feeds = feeds == null ? List.of() : List.copyOf(feeds);
    Check.text("user-agent", userAgent);
    Check.positive("request-timeout", requestTimeout);
    Check.atLeast("max-body-bytes", maxBodyBytes, 1024);
    Check.atLeast("max-summary-chars", maxSummaryChars, 100);
    companyDictionary = companyDictionary == null ? "" : companyDictionary.trim();
    dedup = dedup == null ? DedupConfig.DEFAULTS : dedup;
    articles = articles == null ? ArticleConfig.DEFAULTS : articles;
  }

  /** A poller with the default summary limit, bundled dictionary, de-duplication and article settings. */
  public IngestConfig(List<FeedConfig> feeds, String userAgent, Duration requestTimeout, int maxBodyBytes,
      boolean allowPrivateAddresses) {
    this(feeds, userAgent, requestTimeout, maxBodyBytes, allowPrivateAddresses, DEFAULT_MAX_SUMMARY_CHARS, "", null,
        null);
  }

  /**
   * A copy with {@code extra} feeds added; {@code allow-private-addresses} stays as it is, so a feed
   * on a private address must allow its own URL ({@link FeedConfig#allowPrivateAddress()}).
   */
  public IngestConfig withFeeds(List<FeedConfig> extra) {
    List<FeedConfig> all = new ArrayList<>(feeds);
    all.addAll(extra);
    return new IngestConfig(all, userAgent, requestTimeout, maxBodyBytes, allowPrivateAddresses, maxSummaryChars,
        companyDictionary, dedup, articles);
  }

  /** A copy with another de-duplication section. */
  public IngestConfig withDedup(DedupConfig d) {
    return new IngestConfig(feeds, userAgent, requestTimeout, maxBodyBytes, allowPrivateAddresses, maxSummaryChars,
        companyDictionary, d, articles);
  }

  /** A copy with another article section. */
  public IngestConfig withArticles(ArticleConfig a) {
    return new IngestConfig(feeds, userAgent, requestTimeout, maxBodyBytes, allowPrivateAddresses, maxSummaryChars,
        companyDictionary, dedup, a);
  }
}
