package dev.bellwether.ingest.fetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The robots.txt rules of each host, fetched once and kept for a while in a bounded Caffeine
 * cache ({@link #MAX_HOSTS}, least used first out), parsed by crawler-commons
 * for the product token of our User-Agent ({@code Bellwether/0.1 (...)} obeys {@code bellwether}
 * groups, else {@code *}).
 *
 * <p>A missing robots.txt (4xx) allows everything; a failing one (5xx, timeout, refused) disallows
 * everything until the entry expires, as RFC 9309 asks of crawlers that cannot read the rules. The
 * fetch function follows redirects itself (RFC 9309: at least five), so the answer is the final one.
 */
final class RobotsCache {

  /**
   * What fetching one robots.txt gave.
   *
   * @param status HTTP status, or 0 when the fetch failed
   * @param body the body when 2xx, else empty
   */
  record Answer(int status, byte[] body) {}

  /**
   * Hosts whose rules are kept at most: far more than the feeds of one deployment link to, so
   * that a crawl reaching many hosts holds memory to this bound instead of growing with them.
   */
  static final int MAX_HOSTS = 10_000;

  private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
  private final Cache<String, BaseRobotRules> byHost;
  private final List<String> agents;

  RobotsCache(String userAgent, Duration ttl, Clock clock) {
    String token = userAgent.strip().split("[/\\s]", 2)[0].toLowerCase(Locale.ROOT);
    this.agents = List.of(token.isEmpty() ? "bellwether" : token);
    this.byHost = Caffeine.newBuilder()
        .maximumSize(MAX_HOSTS)
        .expireAfterWrite(ttl)
        .ticker(() -> nanos(clock.instant()))
        .build();
  }

  /** Whether {@code page} may be fetched; {@code fetch} reads a robots.txt URL when the host's rules are not cached. */
  boolean allowed(URI page, Function<URI, Answer> fetch) {
    String origin = page.getScheme().toLowerCase(Locale.ROOT) + "://" + page.getRawAuthority().toLowerCase(Locale.ROOT);
    BaseRobotRules rules = byHost.getIfPresent(origin);
    if (rules == null) {
      URI robots = URI.create(origin + "/robots.txt");
      Answer answer = fetch.apply(robots);
      if (answer.status() >= 200 && answer.status() < 300) {
        rules = parser.parseContent(robots.toString(), answer.body(), "text/plain", agents);
      } else if (answer.status() >= 400 && answer.status() < 500) {
        rules = parser.failedFetch(answer.status());
      } else {
        rules = parser.failedFetch(503);
      }
      byHost.put(origin, rules);
    }
    return !rules.isAllowNone() && !rules.isDeferVisits() && rules.isAllowed(page.toString());
  }

  /** {@code at} in nanoseconds since the epoch, Caffeine's time scale. */
  private static long nanos(Instant at) {
    return TimeUnit.SECONDS.toNanos(at.getEpochSecond()) + at.getNano();
  }
}
