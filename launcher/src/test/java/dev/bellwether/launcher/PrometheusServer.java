package dev.bellwether.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus process on loopback, scraping one target every second with Bellwether's rules
 * loaded and the external label {@code runbook_base} set as a deployment sets it, its data in a
 * temporary folder; {@link #close()} ends the process.
 */
final class PrometheusServer implements AutoCloseable {

  /** The runbook address this Prometheus gives its alerts, as a deployment would. */
  static final String RUNBOOK_BASE = "https://runbooks.test/bellwether/docs/runbook.md";

  private final Process process;
  private final URI base;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(Process process, URI base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /** Starts {@code binary} scraping {@code target} ({@code host:port}) with the rules in {@code rules}. */
  static PrometheusServer start(Path binary, String target, Path rules, Path dir) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "  external_labels:",
        "    runbook_base: " + RUNBOOK_BASE,
        "rule_files:",
        "  - " + rules.toAbsolutePath(),
        "scrape_configs:",
        "  - job_name: bellwether",
        "    static_configs:",
        "      - targets: ['" + target + "']",
        ""));
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(List.of(
            binary.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("tsdb"),
            "--web.listen-address=127.0.0.1:" + port,
            "--storage.tsdb.retention.time=1h"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
  }

  /** Whether Prometheus answers that it is ready. */
  boolean ready() {
    try {
      return http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs an instant query; returns the {@code data.result} array, failing on an API error. */
  JsonNode query(String promql) throws IOException, InterruptedException {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
  }

  /**
   * Runs a range query from {@code start} to {@code end} at {@code step}; returns the
   * {@code data.result} array (one element per series, each with its {@code values}).
   */
  JsonNode queryRange(String promql, Instant start, Instant end, Duration step)
      throws IOException, InterruptedException {
    return get("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&start=" + start.getEpochSecond() + "&end=" + end.getEpochSecond() + "&step=" + step.toSeconds() + "s")
        .path("result");
  }

  /** The values of {@code label} on series matching {@code selector}. */
  JsonNode labelValues(String label, String selector) throws IOException, InterruptedException {
    return get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
  }

  private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = ObservabilityFiles.JSON.readTree(response.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new IllegalStateException(pathAndQuery + " failed: " + response.body());
    }
    return body.path("data");
  }

  /** The last lines Prometheus logged, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
