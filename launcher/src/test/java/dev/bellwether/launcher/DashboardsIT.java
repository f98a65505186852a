package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards against the real thing: the whole pipeline on the embedded broker, a real
 * Prometheus scraping it with Bellwether's rules, and every panel query of every dashboard
 * (template variables substituted) and every recording rule must return data.
 */
class DashboardsIT {

  private static final Duration DATA_DEADLINE = Duration.ofSeconds(150);

  @TempDir Path dir;

  @Test
  void everyPanelQueryAndRecordingRuleReturnsDataFromTheRunningPipeline() throws Exception {
    Path binary = PrometheusBinaries.require("prometheus");
    BellwetherConfig config = new ConfigLoader().load(null, fastDemo());
    try (Pipeline pipeline =
            Pipeline.start(config, EnumSet.allOf(Component.class), new PrintStream(PrintStream.nullOutputStream()),
                Clock.systemUTC());
        PrometheusServer prometheus =
            PrometheusServer.start(binary, pipeline.metricsUri().getAuthority(), ObservabilityFiles.rulesFile(), dir)) {
      await("Prometheus ready").atMost(Duration.ofSeconds(30)).until(prometheus::ready);

      Map<String, String> empty = new LinkedHashMap<>();
      await("every query returning data")
          .atMost(DATA_DEADLINE)
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> {
            empty.clear();
            empty.putAll(emptyQueries(prometheus));
            return empty.isEmpty();
          });
      assertThat(empty).as("queries without data; Prometheus log:\n%s", prometheus.logTail()).isEmpty();

      Set<String> scraped = seriesNames(get(pipeline.metricsUri(), "/metrics").body());
      assertThat(scraped).as("dashboards/exported-metrics.txt against a real scrape")
          .containsAll(ObservabilityFiles.exportedMetrics());

      HttpResponse<String> ready = get(pipeline.metricsUri(), "/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(ready.body()).contains("\"classifier\":\"RUNNING\"", "\"alerts\":\"RUNNING\"");
      assertThat(get(pipeline.metricsUri(), "/health/live").statusCode()).isEqualTo(200);
    }
  }

  /** Each panel query and recording rule that returns no series now, with why. */
  private static Map<String, String> emptyQueries(PrometheusServer prometheus) throws Exception {
    Map<String, String> queries = new LinkedHashMap<>();
    ObservabilityFiles.recordingRules().forEach((name, expr) -> queries.put("rule " + name, expr));
    Map<String, String> variables = variables(prometheus);
    if (variables == null) {
      return Map.of("drill-down variables", "no scope of kind topic yet");
    }
    ObservabilityFiles.panelQueries(q -> substitute(q, variables)).forEach(queries::put);
    Map<String, String> empty = new LinkedHashMap<>();
    for (Map.Entry<String, String> q : queries.entrySet()) {
      JsonNode result = prometheus.query(q.getValue());
      if (result.isEmpty()) {
        empty.put(q.getKey(), q.getValue());
      }
    }
    return empty;
  }

  /** The template variables as Grafana would set them: the first kind and the first scope of that kind. */
  private static Map<String, String> variables(PrometheusServer prometheus) throws Exception {
    JsonNode scopes = prometheus.labelValues("scope", "bellwether_sentiment_negative_share{kind=\"topic\"}");
    if (scopes.isEmpty()) {
      return null;
    }
    Map<String, String> variables = new HashMap<>();
    variables.put("kind", "topic");
    variables.put("scope", scopes.get(0).asText());
    return variables;
  }

  private static String substitute(String query, Map<String, String> variables) {
    String out = query;
    for (Map.Entry<String, String> v : variables.entrySet()) {
      out = out.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
    }
    assertThat(out).as("unsubstituted variable in %s", query).doesNotContainPattern("\\$[a-z{]");
    return out;
  }

  /** Embedded defaults, sped up as in PipelineIT, with a free metrics port on loopback. */
  private Map<String, String> fastDemo() {
    Map<String, String> env = new HashMap<>();
    env.put(ConfigLoader.envName("data-dir"), dir.resolve("state").toString());
    env.put(ConfigLoader.envName("metrics.port"), "0");
    env.put(ConfigLoader.envName("embedded.simulator.history"), "2h");
    env.put(ConfigLoader.envName("embedded.simulator.burst-starts-after"), "3s");
    env.put(ConfigLoader.envName("alerts.window.grace"), "2s");
    return env;
  }

  private static HttpResponse<String> get(URI base, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Names of the series in a Prometheus text exposition. */
  private static Set<String> seriesNames(String exposition) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(exposition);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
