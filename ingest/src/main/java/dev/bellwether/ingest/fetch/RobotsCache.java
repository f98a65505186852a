package dev.bellwether.ingest.fetch;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The robots.txt rules of each host, fetched once and kept for a while, parsed by crawler-commons
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

  private record Entry(BaseRobotRules rules, Instant expires) {}

  private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
  private final ConcurrentHashMap<String, Entry> byHost = new ConcurrentHashMap<>();
  private final List<String> agents;
  private final Duration ttl;
  private final Clock clock;

  RobotsCache(String userAgent, Duration ttl, Clock clock) {
    String token = userAgent.strip().split("[/\\s]", 2)[0].toLowerCase(Locale.ROOT);
    this.agents = List.of(token.isEmpty() ? "bellwether" : token);
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Whether {@code page} may be fetched; {@code fetch} reads a robots.txt URL when the host's rules are not cached. */
  boolean allowed(URI page, Function<URI, Answer> fetch) {
    String origin = page.getScheme().toLowerCase(Locale.ROOT) + "://" + page.getRawAuthority().toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    Entry entry = byHost.get(origin);
    if (entry == null || !now.isBefore(entry.expires())) {
      URI robots = URI.create(origin + "/robots.txt");
      Answer answer = fetch.apply(robots);
      BaseRobotRules rules;
      if (answer.status() >= 200 && answer.status() < 300) {
        rules = parser.parseContent(robots.toString(), answer.body(), "text/plain", agents);
      } else if (answer.status() >= 400 && answer.status() < 500) {
        rules = parser.failedFetch(answer.status());
      } else {
        rules = parser.failedFetch(503);
      }
      entry = new Entry(rules, now.plus(ttl));
      byHost.put(origin, entry);
    }
    return !entry.rules().isAllowNone() && !entry.rules().isDeferVisits() && entry.rules().isAllowed(page.toString());
  }
}
