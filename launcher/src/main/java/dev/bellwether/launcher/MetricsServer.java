package dev.bellwether.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bellwether.UserFacingException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP endpoint for Prometheus and orchestrators: {@code /metrics} (Prometheus text format),
 * {@code /health/live} and {@code /health/ready} (200 or 503 with a JSON body).
 */
final class MetricsServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Serves on {@code host:port} (port 0 picks a free one).
   *
   * @throws UserFacingException naming the address and the settings when it cannot listen there
   */
  static MetricsServer start(String host, int port, PrometheusMeterRegistry registry, Supplier<Health> health) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UserFacingException("the metrics endpoint cannot listen on " + host + ":" + port + " ("
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "): set metrics.port"
          + " (--metrics-port) to a free port (0 picks one), or metrics.enabled: false", e);
    }
    server.createContext(
        "/metrics",
        ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext(
        "/health/live",
        ex -> {
          Health h = health.get();
          respond(ex, h.live() ? 200 : 503, "application/json", h.toJson());
        });
    server.createContext(
        "/health/ready",
        ex -> {
          Health h = health.get();
          respond(ex, h.ready() ? 200 : 503, "application/json", h.toJson());
        });
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "bellwether-metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    return new MetricsServer(server, executor);
  }

  /** Base URI of the server, e.g. {@code http://127.0.0.1:9464}. */
  URI uri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort());
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
