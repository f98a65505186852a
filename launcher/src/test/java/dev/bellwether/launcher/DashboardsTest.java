package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards as files: stable uids, a Prometheus datasource variable that every query
 * goes through, and queries that read only metrics the app exports or the rules record.
 */
class DashboardsTest {

  /** The uids links and bookmarks depend on: changing one is a visible, reviewed change. */
  private static final Map<String, String> UIDS = Map.of(
      "market-sentiment.json", "bellwether-market",
      "scope-drilldown.json", "bellwether-scope",
      "pipeline-health.json", "bellwether-pipeline");

  private final Map<String, JsonNode> dashboards = ObservabilityFiles.dashboards();

  @Test
  void everyDashboardKeepsItsStableUid() {
    assertThat(dashboards).hasSameSizeAs(UIDS);
    dashboards.forEach((file, d) -> assertThat(d.path("uid").asText()).as(file).isEqualTo(UIDS.get(file)));
  }

  @Test
  void everyDashboardHasAPrometheusDatasourceVariable() {
    dashboards.forEach((file, d) -> {
      JsonNode variable = variable(d, "datasource");
      assertThat(variable).as("%s: templating variable 'datasource'", file).isNotNull();
      assertThat(variable.path("type").asText()).as(file).isEqualTo("datasource");
      assertThat(variable.path("query").asText()).as(file).isEqualTo("prometheus");
    });
  }

  @Test
  void noDatasourceIsHardCoded() {
    dashboards.forEach((file, d) -> {
      List<String> found = new ArrayList<>();
      collectDatasources(d, "", found);
      assertThat(found).as("%s: datasource references", file).isNotEmpty()
          .allSatisfy(ref -> assertThat(ref).endsWith("=${datasource}"));
    });
  }

  @Test
  void everyPanelHasATitleADescriptionAndAQuery() {
    dashboards.forEach((file, d) -> {
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : ObservabilityFiles.panels(d)) {
        String where = file + " / " + p.path("title").asText();
        assertThat(p.path("title").asText()).as(where).isNotBlank();
        assertThat(p.path("description").asText()).as(where).isNotBlank();
        assertThat(ids.add(p.path("id").asInt())).as("%s: unique panel id", where).isTrue();
        assertThat(p.path("targets")).as(where).isNotEmpty();
        p.path("targets").forEach(t -> assertThat(t.path("expr").asText()).as(where).isNotBlank());
      }
    });
  }

  @Test
  void theDrillDownHasKindAndScopeVariables() {
    JsonNode drill = dashboards.get("scope-drilldown.json");
    assertThat(variable(drill, "kind").path("query").asText()).isEqualTo("topic,entity,market");
    assertThat(variable(drill, "scope").path("definition").asText())
        .isEqualTo("label_values(bellwether_sentiment_negative_share{kind=\"$kind\"}, scope)");
  }

  @Test
  void everyExportedBellwetherMetricIsReadByAPanelAnAnnotationOrARule() {
    Set<String> read = new HashSet<>();
    ObservabilityFiles.allExpressions().forEach(e -> read.addAll(ObservabilityFiles.metricNames(e)));
    Set<String> exported = new HashSet<>(ObservabilityFiles.exportedMetrics());
    exported.addAll(ObservabilityFiles.firstUseMetrics());
    assertThat(exported.stream().filter(m -> m.startsWith("bellwether_")).filter(m -> !read.contains(m)).sorted())
        .as("bellwether_* metrics in exported-metrics.txt on no panel, annotation or rule").isEmpty();
  }

  @Test
  void everyDashboardAnnotatesOpenAlertsWithTheirScopeAndAConsoleLink() {
    dashboards.forEach((file, d) -> {
      assertThat(variable(d, "console_url")).as("%s: console_url variable", file).isNotNull();
      assertThat(d.path("annotations").path("list")).as(file).anySatisfy(a -> {
        assertThat(a.path("expr").asText()).contains("bellwether_alerts_open").contains("${console_url}");
        assertThat(a.path("titleFormat").asText()).contains("{{scope}}");
        assertThat(a.path("textFormat").asText()).contains("{{console}}?kind={{kind}}&scope={{scope}}");
      });
    });
  }

  @Test
  void countsOfWholeThingsAreShownWithoutFractions() {
    JsonNode fired = ObservabilityFiles.panels(dashboards.get("market-sentiment.json")).stream()
        .filter(p -> p.path("title").asText().equals("Alerts fired (24h)")).findFirst().orElseThrow();
    assertThat(fired.at("/targets/0/expr").asText()).startsWith("round(");
    assertThat(fired.at("/fieldConfig/defaults/decimals").asInt(-1)).isZero();
  }

  @Test
  void queriesReadOnlyExportedOrRecordedMetrics() {
    Set<String> known = new HashSet<>(ObservabilityFiles.exportedMetrics());
    known.addAll(ObservabilityFiles.firstUseMetrics());
    known.addAll(ObservabilityFiles.recordingRules().keySet());
    // Recorded by Prometheus itself for every target.
    known.add("up");
    ObservabilityFiles.panelQueries(q -> q)
        .forEach((where, expr) -> assertThat(ObservabilityFiles.metricNames(expr)).as(where).isNotEmpty()
            .isSubsetOf(known));
    dashboards.forEach((file, d) -> d.path("annotations").path("list").forEach(a ->
        assertThat(ObservabilityFiles.metricNames(a.path("expr").asText())).as(file + " annotation").isSubsetOf(known)));
  }

  @Test
  void metricNamesAreFoundInPromql() {
    assertThat(ObservabilityFiles.metricNames(
            "histogram_quantile(0.99, sum by (le) (rate(a_bucket{x=\"y\", le!=\"1\"}[5m]))) / on (app) b:rec or vector(0)"))
        .containsExactly("a_bucket", "b:rec");
  }

  private static JsonNode variable(JsonNode dashboard, String name) {
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (name.equals(v.path("name").asText())) {
        return v;
      }
    }
    return null;
  }

  /** Every {@code datasource} node as {@code path=uid}; a plain string value counts as a uid too. */
  private static void collectDatasources(JsonNode node, String path, List<String> found) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().equals("datasource")) {
          JsonNode ds = e.getValue();
          found.add(path + "/datasource=" + (ds.isTextual() ? ds.asText() : ds.path("uid").asText()));
        } else {
          collectDatasources(e.getValue(), path + "/" + e.getKey(), found);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collectDatasources(n, path + "[]", found));
    }
  }
}
