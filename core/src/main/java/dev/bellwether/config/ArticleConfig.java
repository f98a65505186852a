package dev.bellwether.config;

import java.time.Duration;

/**
 * Fetching of the article page an item links to, for feeds that ask for it
 * ({@code fetch-articles: true}).
 *
 * @param maxBodyBytes largest page read; larger pages are abandoned and the feed's summary kept
 * @param timeout deadline of one page fetch, robots.txt included
 * @param perHostConcurrency most page fetches in flight to one host
 * @param robotsCacheTtl how long the robots.txt rules of a host are kept before being fetched again
 */
public record ArticleConfig(int maxBodyBytes, Duration timeout, int perHostConcurrency, Duration robotsCacheTtl) {

  /** The documented defaults. */
  public static final ArticleConfig DEFAULTS =
      new ArticleConfig(2_000_000, Duration.ofSeconds(5), 2, Duration.ofHours(6));

  /** Checks every value. */
  public ArticleConfig {
    Check.atLeast("max-body-bytes", maxBodyBytes, 1024);
    Check.positive("timeout", timeout);
    Check.atLeast("per-host-concurrency", perHostConcurrency, 1);
    Check.positive("robots-cache-ttl", robotsCacheTtl);
  }
}
