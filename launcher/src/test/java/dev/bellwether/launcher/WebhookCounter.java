package dev.bellwether.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on loopback that keeps every request it is sent, as a receiver that counts
 * duplicates would: the message id ({@code webhook-id}) and, per alert in the body (Bellwether's
 * {@code json} format), the alert id and the episode state it announces. Answers 204 to each.
 */
final class WebhookCounter implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One alert as a request announced it.
   *
   * @param alertId the alert's id
   * @param state {@code firing-warning}, {@code firing-critical} or {@code resolved}
   * @param announcement {@code new}, {@code escalated} or {@code resolved}
   * @param revision the alert revision the request carried
   */
  record Announced(String alertId, String state, String announcement, int revision) {}

  /**
   * One request.
   *
   * @param webhookId its {@code webhook-id} header
   * @param alerts the alerts it announced
   * @param at when it arrived, in ms since the counter started
   */
  record Request(String webhookId, List<Announced> alerts, long at) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final List<Request> requests = new ArrayList<>();
  private final long started = System.nanoTime();

  WebhookCounter() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
    }
    server.setExecutor(threads);
    server.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      List<Announced> alerts = new ArrayList<>();
      for (JsonNode alert : JSON.readTree(body).path("alerts")) {
        String status = alert.path("status").asText();
        alerts.add(new Announced(alert.path("id").asText(),
            "resolved".equals(status) ? "resolved" : "firing-" + alert.path("severity").asText(),
            alert.path("announcement").asText(), alert.path("revision").asInt()));
      }
      synchronized (requests) {
        requests.add(new Request(exchange.getRequestHeaders().getFirst("webhook-id"), List.copyOf(alerts),
            (System.nanoTime() - started) / 1_000_000));
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
  }

  /** The URL to configure as the webhook. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Every request so far, in order of arrival. */
  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Requests received so far. */
  int count() {
    synchronized (requests) {
      return requests.size();
    }
  }

  /** Message ids received more than once, with how often. */
  Map<String, Integer> idsTwice() {
    Map<String, Integer> counts = new TreeMap<>();
    requests().forEach(r -> counts.merge(String.valueOf(r.webhookId()), 1, Integer::sum));
    counts.values().removeIf(n -> n < 2);
    return counts;
  }

  /**
   * Episode states ({@code <alert id>/<state>}) announced in more than one request, with how often:
   * a state sent twice, whether in the same message again or in a different one.
   */
  Map<String, Integer> statesTwice() {
    Map<String, Integer> counts = new TreeMap<>();
    requests().forEach(r -> r.alerts().forEach(a -> counts.merge(a.alertId() + "/" + a.state(), 1, Integer::sum)));
    counts.values().removeIf(n -> n < 2);
    return counts;
  }

  /** The episode states ({@code <alert id>/<state>}) announced at least once. */
  java.util.Set<String> states() {
    java.util.Set<String> states = new java.util.TreeSet<>();
    requests().forEach(r -> r.alerts().forEach(a -> states.add(a.alertId() + "/" + a.state())));
    return states;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
