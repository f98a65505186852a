package dev.bellwether.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bellwether.config.ArticleConfig;
import dev.bellwether.config.FeedConfig;
import dev.bellwether.config.IngestConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArticleFetcherTest {

  private static final String ARTICLE = """
      <html><head><title>t</title><script>var x = "not text";</script></head><body>
      <nav>Home | Markets | Login</nav>
      <div class="story"><h1>Acme recalls 30,000 cars</h1>
        <p>Acme said on Monday it would recall 30,000 vehicles.</p>
        <p>The recall covers models built in 2025.</p></div>
      <footer>Copyright</footer></body></html>
      """;

  private HttpServer server;
  private final List<String> requested = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      requested.add(path);
      String body = switch (path) {
        case "/robots.txt" -> "User-agent: *\nDisallow: /private/\n";
        case "/big.html" -> "<p>" + "x".repeat(5_000) + "</p>";
        default -> ARTICLE;
      };
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", path.endsWith(".txt") ? "text/plain" : "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, bytes.length);
      ex.getResponseBody().write(bytes);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ArticleFetcher fetcher(boolean allowPrivate) {
    IngestConfig config = new IngestConfig(List.of(), "Bellwether-Test/1", Duration.ofSeconds(2), 100_000, allowPrivate)
        .withArticles(new ArticleConfig(2_048, Duration.ofSeconds(2), 1, Duration.ofHours(1)));
    return new ArticleFetcher(config, Clock.systemUTC());
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void extractsTheMainTextWithoutNavigationOrScripts() {
    assertThat(fetcher(true).mainText(url("/news/a.html")))
        .hasValue("Acme recalls 30,000 cars Acme said on Monday it would recall 30,000 vehicles. "
            + "The recall covers models built in 2025.");
  }

  @Test
  void neverFetchesAPageRobotsTxtDisallowsAndReadsRobotsTxtOncePerHost() {
    ArticleFetcher fetcher = fetcher(true);
    assertThat(fetcher.mainText(url("/private/b.html"))).isEmpty();
    assertThat(fetcher.mainText(url("/news/a.html"))).isPresent();
    assertThat(requested).containsExactly("/robots.txt", "/news/a.html");
  }

  @Test
  void followsFiveRedirectsOfRobotsTxtAndTakesMoreAsNoRobotsTxt() throws Exception {
    List<String> hits = new CopyOnWriteArrayList<>();
    HttpServer fiveHops = robotsRedirectingSite(5, hits);
    HttpServer loop = robotsRedirectingSite(Integer.MAX_VALUE, new CopyOnWriteArrayList<>());
    try {
      ArticleFetcher fetcher = fetcher(true);
      String base = "http://127.0.0.1:" + fiveHops.getAddress().getPort();
      assertThat(fetcher.mainText(base + "/news/a.html")).isPresent();
      assertThat(fetcher.mainText(base + "/private/b.html")).isEmpty();
      assertThat(hits).containsExactly("/robots.txt", "/hop1/robots.txt", "/hop2/robots.txt", "/hop3/robots.txt",
          "/hop4/robots.txt", "/rules.txt", "/news/a.html");
      // Redirected without end: RFC 9309 lets a crawler take robots.txt as unavailable, which allows all.
      assertThat(fetcher.mainText("http://127.0.0.1:" + loop.getAddress().getPort() + "/private/b.html")).isPresent();
    } finally {
      fiveHops.stop(0);
      loop.stop(0);
    }
  }

  /** A site whose robots.txt redirects {@code redirects} times before it reaches rules disallowing /private/. */
  private static HttpServer robotsRedirectingSite(int redirects, List<String> hits) throws java.io.IOException {
    HttpServer site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    site.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      hits.add(path);
      if (path.endsWith("/robots.txt")) {
        int hop = path.equals("/robots.txt") ? 0 : Integer.parseInt(path.substring(4, path.indexOf('/', 1)));
        ex.getResponseHeaders().set("Location", hop + 1 < redirects ? "/hop" + (hop + 1) + "/robots.txt" : "/rules.txt");
        ex.sendResponseHeaders(hop == 0 ? 301 : 302, -1);
      } else {
        byte[] body = (path.equals("/rules.txt") ? "User-agent: *\nDisallow: /private/\n" : ARTICLE)
            .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", path.endsWith(".txt") ? "text/plain" : "text/html");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    site.start();
    return site;
  }

  @Test
  void aFeedAllowedOnAPrivateAddressDoesNotOpenItsArticleLinks() {
    FeedConfig feed = new FeedConfig("simulated", url("/feed.rss"), Duration.ofMinutes(1), List.of(), true, true);
    IngestConfig config = new IngestConfig(List.of(feed), "Bellwether-Test/1", Duration.ofSeconds(2), 100_000, false)
        .withArticles(new ArticleConfig(2_048, Duration.ofSeconds(2), 1, Duration.ofHours(1)));
    ArticleFetcher fetcher = new ArticleFetcher(config, Clock.systemUTC());
    assertThat(fetcher.mainText(url("/news/a.html"))).isEmpty();
    assertThat(fetcher.mainText(url("/feed.rss"))).isEmpty();
    assertThat(requested).isEmpty();
  }

  @Test
  void abandonsPagesOverTheSizeLimitAndPrivateAddressesUnlessAllowed() {
    assertThat(fetcher(true).mainText(url("/big.html"))).isEmpty();
    assertThat(fetcher(false).mainText(url("/news/a.html"))).isEmpty();
    assertThat(requested).doesNotContain("/news/a.html");
  }
}
