package dev.bellwether.ingest.fetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bellwether.config.ArticleConfig;
import dev.bellwether.config.IngestConfig;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Fetches the article page an item links to and extracts its main text, politely and within strict
 * limits: robots.txt honoured ({@link RobotsCache}), at most {@code per-host-concurrency} fetches in
 * flight per host, one deadline for robots.txt and page together, a size cap, only HTML, only
 * http(s), and the private-address policy of {@code ingest.allow-private-addresses} (a feed's own
 * allowance never extends to the pages its items link to). Any refusal or failure gives an empty
 * result: the item keeps its feed summary.
 *
 * <p>Main text: jsoup parses the page (an HTML parser, so no XML entities are ever expanded);
 * scripts, styles, navigation, headers, footers, asides and forms are removed; the text is the
 * {@code <article>} element's when there is one, else that of the element whose own paragraphs
 * hold the most text.
 */
public final class ArticleFetcher {

  private static final int MAX_REDIRECTS = 3;
  /** Redirects of robots.txt followed, as RFC 9309 (2.3.1.2) asks: at least five. */
  static final int MAX_ROBOTS_REDIRECTS = 5;

  private final HttpClient client;
  private final IngestConfig config;
  private final AddressGuard guard;
  private final ArticleConfig limits;
  private final RobotsCache robots;
  /**
   * The fetch slots of each host. Values are weakly held: a host's semaphore stays while a fetch
   * holds it and goes once no fetch does (then all its permits are free, so a new one is the
   * same), which bounds the map by the fetches in flight rather than by every host ever seen.
   */
  private final Cache<String, Semaphore> perHost = Caffeine.newBuilder().weakValues().build();

  /** A fetcher with the User-Agent, address policy and article limits of {@code config}. */
  public ArticleFetcher(IngestConfig config, Clock clock) {
    this.config = config;
    this.guard = AddressGuard.forArticles(config);
    this.limits = config.articles();
    this.robots = new RobotsCache(config.userAgent(), limits.robotsCacheTtl(), clock);
    this.client = HttpClient.newBuilder()
        .connectTimeout(limits.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** The main text of the page at {@code url}, or empty when it may not or could not be read. Never throws. */
  public Optional<String> mainText(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    long deadline = System.nanoTime() + limits.timeout().toNanos();
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (!permitted(uri)) {
        return Optional.empty();
      }
      Semaphore slot = perHost.get(uri.getRawAuthority().toLowerCase(Locale.ROOT),
          h -> new Semaphore(limits.perHostConcurrency()));
      HttpResponse<byte[]> response;
      try {
        if (!slot.tryAcquire(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
          return Optional.empty();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      try {
        URI page = uri;
        if (!robots.allowed(page, r -> robotsTxt(r, deadline))) {
          return Optional.empty();
        }
        response = get(page, "text/html,application/xhtml+xml", deadline);
      } finally {
        slot.release();
      }
      if (response == null) {
        return Optional.empty();
      }
      int status = response.statusCode();
      if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
        try {
          uri = uri.resolve(response.headers().firstValue("Location").get().trim());
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
        continue;
      }
      String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
      if (status < 200 || status >= 300 || !(type.contains("html") || type.isEmpty())) {
        return Optional.empty();
      }
      return extract(new String(response.body(), charset(type)), uri.toString());
    }
    return Optional.empty();
  }

  /** The main text of {@code html}; empty when it has none. */
  static Optional<String> extract(String html, String baseUri) {
    Document doc = Jsoup.parse(html, baseUri);
    doc.select("script, style, noscript, nav, header, footer, aside, form, iframe, svg").remove();
    Element article = doc.selectFirst("article");
    Element best = article;
    if (best == null) {
      int bestLength = 0;
      for (Element p : doc.select("p")) {
        Element parent = p.parent();
        if (parent == null) {
          continue;
        }
        int length = 0;
        for (Element sibling : parent.children()) {
          if (sibling.nameIs("p")) {
            length += sibling.text().length();
          }
        }
        if (length > bestLength) {
          best = parent;
          bestLength = length;
        }
      }
    }
    if (best == null) {
      best = doc.body();
    }
    String text = best == null ? "" : best.text().strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private boolean permitted(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      return false;
    }
    try {
      return guard.refusal(uri).isEmpty();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Reads robots.txt, following up to {@link #MAX_ROBOTS_REDIRECTS} redirects (to other hosts too,
   * each hop under the address policy); more than that counts as no robots.txt (404), as RFC 9309
   * allows, and a hop that may not or could not be fetched as a failed fetch.
   */
  private RobotsCache.Answer robotsTxt(URI robotsUri, long deadline) {
    URI uri = robotsUri;
    for (int hop = 0; hop <= MAX_ROBOTS_REDIRECTS; hop++) {
      HttpResponse<byte[]> response = permitted(uri) ? get(uri, "text/plain", deadline) : null;
      if (response == null) {
        return new RobotsCache.Answer(0, new byte[0]);
      }
      int status = response.statusCode();
      Optional<String> location = response.headers().firstValue("Location");
      if (status < 300 || status >= 400 || location.isEmpty()) {
        return new RobotsCache.Answer(status, response.body());
      }
      try {
        uri = uri.resolve(location.get().trim());
      } catch (IllegalArgumentException e) {
        return new RobotsCache.Answer(0, new byte[0]);
      }
    }
    return new RobotsCache.Answer(404, new byte[0]);
  }

  /** One GET within {@code deadline} (a nanoTime), or null when it failed or ran out of time. */
  private HttpResponse<byte[]> get(URI uri, String accept, long deadline) {
    long millis = remainingMillis(deadline);
    if (millis <= 0) {
      return null;
    }
    HttpRequest request = HttpRequest.newBuilder(uri)
        .GET()
        .timeout(java.time.Duration.ofMillis(millis))
        .header("User-Agent", config.userAgent())
        .header("Accept", accept)
        .build();
    CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, BoundedBody.atMost(limits.maxBodyBytes()));
    try {
      return future.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      future.cancel(true);
      return null;
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static long remainingMillis(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private static Charset charset(String contentType) {
    int at = contentType.indexOf("charset=");
    if (at >= 0) {
      String name = contentType.substring(at + 8).split("[;\\s]", 2)[0].replace("\"", "");
      try {
        return Charset.forName(name);
      } catch (IllegalArgumentException e) {
        return StandardCharsets.UTF_8;
      }
    }
    return StandardCharsets.UTF_8;
  }
}
