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
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards against the real thing: the whole pipeline on the embedded broker (console
 * included), a real Prometheus scraping it with Bellwether's rules, and every panel query and
 * annotation of every dashboard, for each scope kind the drill-down offers (topic, entity and
 * market, the entity being the one the burst makes alert), and every recording rule must return
 * data. While the burst's entity alert fires, its sentiment series must never be missing.
 */
class DashboardsIT {

  private static final Duration DATA_DEADLINE = Duration.ofSeconds(360);
  /** How long, at least, the alerting entity's alert is watched firing. */
  private static final Duration WATCH = Duration.ofSeconds(45);

  @TempDir Path dir;

  @Test
  void everyPanelQueryAndRecordingRuleReturnsDataAndTheAlertingEntityStaysExported() throws Exception {
    Path binary = PrometheusBinaries.require("prometheus");
    BellwetherConfig config = new ConfigLoader().load(null, fastDemo());
    Instant started = Instant.now();
    try (Pipeline pipeline =
            Pipeline.start(config, EnumSet.allOf(Component.class), new PrintStream(PrintStream.nullOutputStream()),
                Clock.systemUTC());
        PrometheusServer prometheus =
            PrometheusServer.start(binary, pipeline.metricsUri().getAuthority(), ObservabilityFiles.rulesFile(), dir)) {
      URI console = pipeline.startConsole(config, Map.of(), Clock.systemUTC());
      await("Prometheus ready").atMost(Duration.ofSeconds(30)).until(prometheus::ready);

      Map<String, String> empty = new LinkedHashMap<>();
      try {
        await("every query returning data")
            .atMost(DATA_DEADLINE)
            .pollInterval(Duration.ofSeconds(3))
            .until(() -> {
              empty.clear();
              empty.putAll(emptyQueries(prometheus, console));
              return empty.isEmpty();
            });
      } catch (ConditionTimeoutException e) {
        // Fall through to the assertion, which names the queries still without data.
      }
      assertThat(empty).as("queries without data; Prometheus log:\n%s", prometheus.logTail()).isEmpty();

      // The alerting entity's gauges, watched for a while longer: present at every evaluation while
      // its alert fires (the gap query below returns a sample for any second one was missing).
      String entity = alertingEntity(prometheus);
      assertThat(entity).as("an entity with an open alert").isNotNull();
      String firingQuery = "max(bellwether_alerts_open{kind=\"entity\", scope=\"" + entity + "\"})";
      await(entity + " seen alerting for " + WATCH.toSeconds() + " s").atMost(WATCH.multipliedBy(3))
          .pollInterval(Duration.ofSeconds(3))
          .until(() -> secondsSeen(prometheus.queryRange(firingQuery, started, Instant.now(), Duration.ofSeconds(1)))
              >= WATCH.toSeconds());
      String gaps = "count(max by (scope) (bellwether_alerts_open{kind=\"entity\"})"
          + " unless on (scope) max by (scope) (bellwether_sentiment_negative_share{kind=\"entity\"}))";
      assertThat(prometheus.queryRange(gaps, started, Instant.now(), Duration.ofSeconds(1)))
          .as("seconds at which an alerting entity had no sentiment series").isEmpty();

      String metrics = get(pipeline.metricsUri(), "/metrics").body();
      Set<String> scraped = seriesNames(metrics);
      assertThat(scraped).as("dashboards/exported-metrics.txt against a real scrape")
          .containsAll(ObservabilityFiles.exportedMetrics());
      Set<String> listed = new TreeSet<>(ObservabilityFiles.exportedMetrics());
      listed.addAll(ObservabilityFiles.firstUseMetrics());
      assertThat(scraped.stream().filter(n -> n.startsWith("bellwether_")).filter(n -> !listed.contains(n)).toList())
          .as("bellwether_* metrics scraped but missing from dashboards/exported-metrics.txt").isEmpty();

      HttpResponse<String> ready = get(pipeline.metricsUri(), "/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(ready.body()).contains("\"classifier\":\"RUNNING\"", "\"alerts\":\"RUNNING\"");
      assertThat(get(pipeline.metricsUri(), "/health/live").statusCode()).isEqualTo(200);
    }
  }

  private static int secondsSeen(JsonNode rangeResult) {
    return rangeResult.isEmpty() ? 0 : rangeResult.get(0).path("values").size();
  }

  /** Each panel query, annotation and recording rule that returns no series now, with why. */
  private static Map<String, String> emptyQueries(PrometheusServer prometheus, URI console) throws Exception {
    Map<String, String> queries = new LinkedHashMap<>();
    ObservabilityFiles.recordingRules().forEach((name, expr) -> queries.put("rule " + name, expr));
    List<Map<String, String>> variableSets = variableSets(prometheus, console);
    if (variableSets.size() < 3) {
      return Map.of("drill-down variables", "not yet a scope of each kind (topic, alerting entity, market): "
          + variableSets);
    }
    for (Map<String, String> variables : variableSets) {
      String label = " (kind=" + variables.get("kind") + ", scope=" + variables.get("scope") + ")";
      ObservabilityFiles.panelQueries(q -> substitute(q, variables)).forEach((k, v) -> queries.put(k + label, v));
      ObservabilityFiles.annotationQueries(q -> substitute(q, variables)).forEach((k, v) -> queries.put(k + label, v));
    }
    Map<String, String> empty = new LinkedHashMap<>();
    for (Map.Entry<String, String> q : queries.entrySet()) {
      JsonNode result = prometheus.query(q.getValue());
      if (result.isEmpty()) {
        empty.put(q.getKey(), q.getValue());
      }
    }
    return empty;
  }

  /**
   * The template variables as Grafana would set them, once per kind: a topic and the entity whose
   * alerts are open (the burst's), and the market.
   */
  private static List<Map<String, String>> variableSets(PrometheusServer prometheus, URI console) throws Exception {
    List<Map<String, String>> sets = new ArrayList<>();
    String topic = alerting(prometheus, "topic");
    if (topic != null) {
      sets.add(variables("topic", topic, console));
    }
    String entity = alertingEntity(prometheus);
    if (entity != null) {
      sets.add(variables("entity", entity, console));
    }
    if (!prometheus.labelValues("scope", "bellwether_sentiment_negative_share{kind=\"market\"}").isEmpty()) {
      sets.add(variables("market", "market", console));
    }
    return sets;
  }

  private static Map<String, String> variables(String kind, String scope, URI console) {
    Map<String, String> variables = new HashMap<>();
    variables.put("kind", kind);
    variables.put("scope", scope);
    variables.put("console_url", console.toString());
    return variables;
  }

  /** The entity with an open alert that also has sentiment gauges, or null. */
  private static String alertingEntity(PrometheusServer prometheus) throws Exception {
    return alerting(prometheus, "entity");
  }

  /**
   * A scope of {@code kind} with an open alert and sentiment gauges, or null: the annotations
   * show open alerts, so only such a scope can show that every annotation query returns data.
   */
  private static String alerting(PrometheusServer prometheus, String kind) throws Exception {
    JsonNode open = prometheus.query("max by (scope) (bellwether_alerts_open{kind=\"" + kind + "\"})"
        + " and on (scope) max by (scope) (bellwether_sentiment_negative_share{kind=\"" + kind + "\"})");
    return open.isEmpty() ? null : open.get(0).path("metric").path("scope").asText();
  }

  private static String substitute(String query, Map<String, String> variables) {
    String out = query;
    for (Map.Entry<String, String> v : variables.entrySet()) {
      out = out.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
    }
    assertThat(out).as("unsubstituted variable in %s", query).doesNotContainPattern("\\$[a-z{]");
    return out;
  }

  /** Embedded defaults, sped up as in PipelineIT, with free ports for metrics and the console. */
  private Map<String, String> fastDemo() {
    Map<String, String> env = new HashMap<>();
    env.put(ConfigLoader.envName("data-dir"), dir.resolve("state").toString());
    env.put(ConfigLoader.envName("metrics.port"), "0");
    env.put(ConfigLoader.envName("console.port"), "0");
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
