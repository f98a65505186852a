package dev.bellwether.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bellwether.config.FeedConfig;
import dev.bellwether.config.SimulatorConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local newswire: an HTTP server on 127.0.0.1 serving generated financial news about fictional
 * companies as an RSS 2.0 feed ({@code /feeds/wire.rss}: markets, analysts, legal and macro news),
 * an Atom feed ({@code /feeds/companies.atom}: corporate announcements) and one HTML page per item
 * ({@code /news/<id>}).
 *
 * <p>At start the feeds already hold the configured history; new items appear as the clock
 * advances, and a scheduled burst of negative stories about one company starts after a delay.
 * Everything is derived from the seed and the time, so a restart serves the same items for the
 * same times. Feeds answer conditional requests ({@code ETag}, {@code Last-Modified}) with 304.
 */
public final class NewswireSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NewswireSimulator.class);
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
  private static final String WIRE_PATH = "/feeds/wire.rss";
  private static final String COMPANIES_PATH = "/feeds/companies.atom";
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Newswire newswire;
  private final Clock clock;
  private final URI baseUri;
  private boolean closed;

  private NewswireSimulator(HttpServer server, ExecutorService executor, Newswire newswire, Clock clock) {
    this.server = server;
    this.executor = executor;
    this.newswire = newswire;
    this.clock = clock;
    this.baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /**
   * Starts serving on 127.0.0.1 at {@code config.port()} (0 picks a free port).
   *
   * @param clock the simulator's time: items are published as it advances
   */
  public static NewswireSimulator start(SimulatorConfig config, Clock clock) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 32);
    } catch (IOException e) {
      throw new UncheckedIOException("the newswire simulator cannot listen on 127.0.0.1:" + config.port(), e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "newswire-http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    Newswire newswire = new Newswire(config, clock.instant());
    NewswireSimulator simulator = new NewswireSimulator(server, executor, newswire, clock);
    server.setExecutor(executor);
    server.createContext("/", simulator::handle);
    server.start();
    LOG.info("Newswire simulator on {} (seed {}, burst about {} from {} to {})",
        simulator.baseUri, config.seed(), config.burstCompany(), newswire.burstStart(), newswire.burstEnd());
    return simulator;
  }

  /**
   * The feeds to poll, each every two seconds; each allows its own loopback URL and nothing else, so
   * article links or redirects found in feed content are still held to the private-address policy.
   */
  public List<FeedConfig> feeds() {
    return List.of(
        new FeedConfig("simulator-wire", baseUri.resolve(WIRE_PATH).toString(), POLL_INTERVAL, List.of(), false, true),
        new FeedConfig("simulator-companies", baseUri.resolve(COMPANIES_PATH).toString(), POLL_INTERVAL, List.of(),
            false, true));
  }

  /** The server's base URI, {@code http://127.0.0.1:<port>/}. */
  public URI baseUri() {
    return baseUri;
  }

  /** Stops serving; calling it again does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain", "only GET and HEAD\n");
        return;
      }
      Instant now = clock.instant();
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case WIRE_PATH -> sendFeed(exchange, newswire.items(WireItem.Feed.WIRE, now), now, true);
        case COMPANIES_PATH -> sendFeed(exchange, newswire.items(WireItem.Feed.COMPANIES, now), now, false);
        case "/" -> send(exchange, 200, "text/html; charset=utf-8",
            "<!DOCTYPE html><html><body><h1>Bellwether newswire simulator</h1><ul><li><a href=\"" + WIRE_PATH
                + "\">wire.rss</a></li><li><a href=\"" + COMPANIES_PATH + "\">companies.atom</a></li></ul></body></html>\n");
        default -> {
          Optional<WireItem> item = path.startsWith("/news/") ? newswire.item(path.substring(6), now) : Optional.empty();
          if (item.isPresent()) {
            send(exchange, 200, "text/html; charset=utf-8", FeedWriter.article(item.get()));
          } else {
            send(exchange, 404, "text/plain", "not found\n");
          }
        }
      }
    } catch (RuntimeException e) {
      // HttpServer drops the connection without a word on an uncaught exception; say what broke.
      LOG.warn("Newswire simulator failed to answer {}: {}", exchange.getRequestURI(), e.toString());
      throw e;
    }
  }

  private void sendFeed(HttpExchange exchange, List<WireItem> items, Instant now, boolean rss) throws IOException {
    String etag = "\"" + (items.isEmpty() ? "empty" : items.get(0).id()) + "-" + items.size() + "\"";
    Instant lastModified = items.isEmpty() ? now : items.get(0).publishedAt();
    exchange.getResponseHeaders().set("ETag", etag);
    exchange.getResponseHeaders().set("Last-Modified", HTTP_DATE.format(lastModified));
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
      exchange.sendResponseHeaders(304, -1);
      return;
    }
    if (rss) {
      send(exchange, 200, "application/rss+xml; charset=utf-8", FeedWriter.rss(baseUri, items, now));
    } else {
      String self = baseUri.resolve(COMPANIES_PATH).toString();
      send(exchange, 200, "application/atom+xml; charset=utf-8", FeedWriter.atom(baseUri, self, items, now));
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
