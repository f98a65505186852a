package dev.bellwether.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One news feed to poll.
 *
 * @param name short name, used as the item source and in metrics
 * @param url feed URL (http or https)
 * @param pollInterval time between polls
 * @param tickers tickers every item of this feed is about (e.g. a company's own newsroom feed)
 * @param fetchArticles whether the article page of each new item is fetched for its main text (off when absent)
 * @param allowPrivateAddress whether this feed's URL, exactly as written, may be fetched from a loopback or
 *     private address (off when absent); redirects elsewhere and article pages are checked as for any feed
 */
public record FeedConfig(String name, String url, Duration pollInterval, List<String> tickers, Boolean fetchArticles,
    Boolean allowPrivateAddress) {

  /** Checks every value. */
  public FeedConfig {
    Check.text("name", name);
    Check.text("url", url);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("url", url, "is not a URL");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new InvalidSettingException("url", url, "must be an http or https URL");
    }
    pollInterval = pollInterval == null ? Duration.ofMinutes(5) : Check.positive("poll-interval", pollInterval);
    tickers = tickers == null ? List.of() : List.copyOf(tickers);
    // Boxed so that a feed written without the key binds; absent means off.
    fetchArticles = Boolean.TRUE.equals(fetchArticles);
    allowPrivateAddress = Boolean.TRUE.equals(allowPrivateAddress);
  }

  /** A feed on a public address whose article pages are not fetched. */
  public FeedConfig(String name, String url, Duration pollInterval, List<String> tickers) {
    this(name, url, pollInterval, tickers, false, false);
  }

  /** A feed on a public address. */
  public FeedConfig(String name, String url, Duration pollInterval, List<String> tickers, Boolean fetchArticles) {
    this(name, url, pollInterval, tickers, fetchArticles, false);
  }
}
