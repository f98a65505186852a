package dev.bellwether.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checked-in observability files read as data: the Grafana dashboards under
 * {@code dashboards/grafana}, the Prometheus rules and the list of exported metrics.
 */
final class ObservabilityFiles {

  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Set<String> PROMQL_WORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "offset", "bool",
          "inf", "nan");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private ObservabilityFiles() {}

  /** The repository root (tests run in the launcher module's folder). */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("dashboards"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no dashboards/ folder above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static Path rulesFile() {
    return root().resolve("dashboards/prometheus/bellwether-rules.yml");
  }

  static Path rulesTestFile() {
    return root().resolve("dashboards/prometheus/bellwether-rules.test.yml");
  }

  /** Every dashboard by file name. */
  static Map<String, JsonNode> dashboards() {
    Map<String, JsonNode> all = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(root().resolve("dashboards/grafana"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        all.put(f.getFileName().toString(), JSON.readTree(f.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  /** Every panel of a dashboard, rows' nested panels included. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      out.add(p);
      p.path("panels").forEach(out::add);
    }
    return out;
  }

  /** A panel's PromQL queries, each with {@code substitute} applied, labelled {@code dashboard / panel [refId]}. */
  static Map<String, String> panelQueries(UnaryOperator<String> substitute) {
    Map<String, String> queries = new LinkedHashMap<>();
    dashboards().forEach((file, d) -> {
      for (JsonNode p : panels(d)) {
        for (JsonNode t : p.path("targets")) {
          queries.put(file + " / " + p.path("title").asText() + " [" + t.path("refId").asText() + "]",
              substitute.apply(t.path("expr").asText()));
        }
      }
    });
    return queries;
  }

  /** Recording rules: recorded name to expression. */
  static Map<String, String> recordingRules() {
    Map<String, String> rules = new LinkedHashMap<>();
    for (JsonNode rule : rules()) {
      if (rule.has("record")) {
        rules.put(rule.path("record").asText(), rule.path("expr").asText());
      }
    }
    return rules;
  }

  /** Every rule of every group. */
  static List<JsonNode> rules() {
    try {
      List<JsonNode> rules = new ArrayList<>();
      for (JsonNode group : YAML.readTree(rulesFile().toFile()).path("groups")) {
        group.path("rules").forEach(rules::add);
      }
      return rules;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The metrics a running app's scrape shows, by their Prometheus names, from
   * {@code dashboards/exported-metrics.txt}: every name but those registered on first use.
   */
  static Set<String> exportedMetrics() {
    Set<String> names = new LinkedHashSet<>();
    for (String name : listedMetrics()) {
      if (!name.startsWith("~")) {
        names.add(name);
      }
    }
    return names;
  }

  /** The metrics registered on their first event, which a healthy run's scrape may lack ({@code ~name} in the file). */
  static Set<String> firstUseMetrics() {
    Set<String> names = new LinkedHashSet<>();
    for (String name : listedMetrics()) {
      if (name.startsWith("~")) {
        names.add(name.substring(1));
      }
    }
    return names;
  }

  private static List<String> listedMetrics() {
    try {
      List<String> names = new ArrayList<>();
      for (String line : Files.readAllLines(root().resolve("dashboards/exported-metrics.txt"))) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          names.add(name);
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every PromQL expression of the dashboards (panels and annotations, variables as written) and the rules. */
  static List<String> allExpressions() {
    List<String> all = new ArrayList<>(panelQueries(q -> q).values());
    dashboards().values().forEach(d -> d.path("annotations").path("list").forEach(a -> all.add(a.path("expr").asText())));
    rules().forEach(r -> all.add(r.path("expr").asText()));
    return all;
  }

  /** Every annotation query, labelled {@code dashboard / annotation}. */
  static Map<String, String> annotationQueries(UnaryOperator<String> substitute) {
    Map<String, String> queries = new LinkedHashMap<>();
    dashboards().forEach((file, d) -> d.path("annotations").path("list").forEach(a ->
        queries.put(file + " / annotation " + a.path("name").asText(), substitute.apply(a.path("expr").asText()))));
    return queries;
  }

  /**
   * The metric names a PromQL expression reads: identifiers left once strings, label matchers,
   * ranges and grouping clauses are removed, that are neither functions nor keywords.
   */
  static Set<String> metricNames(String promql) {
    String s = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
        .replaceAll("\\{[^}]*\\}", " ")
        .replaceAll("\\[[^\\]]*\\]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String word = m.group();
      int next = m.end();
      while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
        next++;
      }
      boolean function = next < s.length() && s.charAt(next) == '(';
      boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
      if (!function && !number && !PROMQL_WORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
        names.add(word);
      }
    }
    return names;
  }
}
