package dev.bellwether.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bellwether.config.FeedConfig;
import dev.bellwether.config.IngestConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedFetcherTest {

  private static final Instant NOW = Instant.parse("2026-11-02T14:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private HttpServer server;
  private String base;
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicReference<String> userAgent = new AtomicReference<>();

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/feed", ex -> {
      hits.incrementAndGet();
      userAgent.set(ex.getRequestHeaders().getFirst("User-Agent"));
      ex.getResponseHeaders().set("ETag", "\"v1\"");
      if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        ex.sendResponseHeaders(304, -1);
      } else {
        byte[] body = "<rss/>".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.createContext("/huge", ex -> {
      ex.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[64 * 1024];
      try {
        for (int i = 0; i < 64; i++) {
          ex.getResponseBody().write(chunk);
        }
      } catch (java.io.IOException e) {
        // The client hung up once the cap was reached: expected.
      }
      ex.close();
    });
    server.createContext("/limited", ex -> {
      ex.getResponseHeaders().set("Retry-After", "90");
      ex.sendResponseHeaders(429, -1);
      ex.close();
    });
    server.createContext("/moved", ex -> {
      ex.getResponseHeaders().set("Location", "/feed");
      ex.sendResponseHeaders(301, -1);
      ex.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private static FeedFetcher fetcher(boolean allowPrivate) {
    return new FeedFetcher(new IngestConfig(List.of(), "Bellwether-Test/1", Duration.ofSeconds(2), 100_000, allowPrivate), CLOCK);
  }

  @Test
  void refusesLoopbackFeedsWithoutSendingARequest() {
    FetchResult result = fetcher(false).fetch(base + "/feed", Validators.NONE);
    assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, f -> {
      assertThat(f.kind()).isEqualTo("blocked_address");
      assertThat(f.message()).contains("127.0.0.1").contains("allow-private-addresses");
    });
    assertThat(hits).hasValue(0);
  }

  @Test
  void sendsTheUserAgentAndAnswersNotModifiedToItsOwnValidators() {
    FeedFetcher fetcher = fetcher(true);
    FetchResult first = fetcher.fetch(base + "/feed", Validators.NONE);
    assertThat(first).isInstanceOf(FetchResult.Fetched.class);
    assertThat(userAgent).hasValue("Bellwether-Test/1");
    Validators validators = ((FetchResult.Fetched) first).validators();
    assertThat(validators.etag()).isEqualTo("\"v1\"");
    assertThat(fetcher.fetch(base + "/feed", validators)).isInstanceOf(FetchResult.NotModified.class);
  }

  @Test
  void givesUpOnBodiesLargerThanTheCap() {
    assertThat(fetcher(true).fetch(base + "/huge", Validators.NONE))
        .isInstanceOfSatisfying(FetchResult.Failed.class, f -> assertThat(f.kind()).isEqualTo("too_large"));
  }

  @Test
  void reportsRetryAfterOfRateLimitedFeeds() {
    assertThat(fetcher(true).fetch(base + "/limited", Validators.NONE))
        .isInstanceOfSatisfying(FetchResult.Failed.class, f -> {
          assertThat(f.kind()).isEqualTo("http_4xx");
          assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(90));
        });
  }

  @Test
  void readsRetryAfterAsSecondsOrHttpDateWithinLimits() {
    FeedFetcher fetcher = fetcher(true);
    assertThat(fetcher.retryAfter("Mon, 02 Nov 2026 14:02:00 GMT")).isEqualTo(Duration.ofMinutes(2));
    assertThat(fetcher.retryAfter("Mon, 02 Nov 2026 13:00:00 GMT")).isEqualTo(Duration.ZERO);
    assertThat(fetcher.retryAfter("999999")).isEqualTo(FeedFetcher.MAX_RETRY_AFTER);
    assertThat(fetcher.retryAfter("soon")).isNull();
  }

  @Test
  void followsRedirectsAndChecksEveryHop() {
    assertThat(fetcher(true).fetch(base + "/moved", Validators.NONE)).isInstanceOf(FetchResult.Fetched.class);
    assertThat(fetcher(true).fetch("ftp://127.0.0.1/feed", Validators.NONE))
        .isInstanceOfSatisfying(FetchResult.Failed.class, f -> assertThat(f.kind()).isEqualTo("bad_url"));
  }

  @Test
  void aFeedThatAllowsItsPrivateUrlAllowsExactlyThatUrl() {
    server.createContext("/elsewhere", ex -> {
      hits.incrementAndGet();
      ex.getResponseHeaders().set("Location", "/feed");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    FeedConfig own = new FeedConfig("own", base + "/elsewhere", Duration.ofMinutes(1), List.of(), false, true);
    FeedConfig other = new FeedConfig("other", base + "/other", Duration.ofMinutes(1), List.of());
    FeedFetcher fetcher = new FeedFetcher(
        new IngestConfig(List.of(own, other), "Bellwether-Test/1", Duration.ofSeconds(2), 100_000, false), CLOCK);

    assertThat(fetcher.fetch(base + "/other", Validators.NONE))
        .isInstanceOfSatisfying(FetchResult.Failed.class, f -> assertThat(f.kind()).isEqualTo("blocked_address"));
    assertThat(fetcher.fetch(base + "/feed", Validators.NONE))
        .isInstanceOfSatisfying(FetchResult.Failed.class, f -> assertThat(f.kind()).isEqualTo("blocked_address"));
    assertThat(hits).hasValue(0);
    // The allowed URL is fetched, but its redirect to another URL on the same host is refused.
    assertThat(fetcher.fetch(base + "/elsewhere", Validators.NONE))
        .isInstanceOfSatisfying(FetchResult.Failed.class, f -> {
          assertThat(f.kind()).isEqualTo("blocked_address");
          assertThat(f.message()).contains(base + "/feed").contains("allow-private-address");
        });
    assertThat(hits).hasValue(1);
  }

  @Test
  void classifiesPrivateAndPublicAddresses() throws Exception {
    for (String address : List.of("10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
        "::1", "fd00::1", "fe80::1")) {
      assertThat(AddressGuard.isPublic(InetAddress.getByName(address))).as(address).isFalse();
    }
    for (String address : List.of("93.184.216.34", "8.8.8.8", "2606:4700::1111")) {
      assertThat(AddressGuard.isPublic(InetAddress.getByName(address))).as(address).isTrue();
    }
  }
}
