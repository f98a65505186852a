package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the embedded broker: simulated feeds are ingested, scored by the real
 * model, aggregated, and the scheduled burst of negative news raises one incident: in its first
 * four minutes the run prints at most two ALERT lines (the incident and one update), the first
 * naming the incident and its scopes, however many scopes the burst makes alert.
 */
@Tag("slow") // watches the demo for four minutes: mvn verify -Pslow runs it, plain mvn verify does not
class PipelineIT {

  @TempDir Path dataDir;

  /** How long the run is watched for ALERT lines, as an analyst watching {@code ./bellwether run} would. */
  private static final Duration FIRST_MINUTES = Duration.ofMinutes(4);
  /** Most ALERT lines the burst may print in {@link #FIRST_MINUTES}: the incident, then one update. */
  private static final int MAX_ALERT_LINES = 2;

  @Test
  void simulatedBurstRaisesOneIncidentAndTheNextStartReusesTheDataDir() throws Exception {
    BellwetherConfig config = new ConfigLoader().load(null, fastDemo());
    Instant started = Instant.now();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

    try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Component.class), out, Clock.systemUTC())) {
      try {
        await()
            .atMost(Duration.ofSeconds(240))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> alertLine(captured) != null);
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("no ALERT line for entity:ACME; output:\n" + captured.toString(StandardCharsets.UTF_8)
            + "\nmetrics:\n" + diagnostics(scrape(pipeline.metricsUri())), e);
      }
      String alert = alertLine(captured);
      assertThat(alert).startsWith("ALERT").contains("entity:ACME").contains("http://127.0.0.1:")
          .containsPattern(" \\| incident \\S+ rev \\d+, \\d+ scopes?: ");

      Duration left = Duration.between(Instant.now(), started.plus(FIRST_MINUTES));
      if (!left.isNegative()) {
        await("at most " + MAX_ALERT_LINES + " ALERT lines in the first " + FIRST_MINUTES.toMinutes() + " minutes")
            .during(left).atMost(left.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
            .until(() -> alertLines(captured).size() <= MAX_ALERT_LINES);
      }
      assertThat(alertLines(captured)).as("ALERT lines in the first %s", FIRST_MINUTES).hasSizeBetween(1, MAX_ALERT_LINES);

      String metrics = scrape(pipeline.metricsUri());
      assertThat(counter(metrics, "bellwether_ingest_items_total")).isPositive();
      assertThat(counter(metrics, "bellwether_classifier_items_scored_total")).isPositive();
      assertThat(counter(metrics, "bellwether_alerts_fired_total")).isPositive();
    }

    try (Pipeline again = Pipeline.start(config, EnumSet.allOf(Component.class), out, Clock.systemUTC())) {
      assertThat(again.health().components()).containsEntry("pipeline", "STARTED");
      await().atMost(Duration.ofSeconds(60)).until(() -> again.health().ready());
      assertThat(again.health().live()).isTrue();
    }
  }

  /** Embedded defaults, sped up: a sooner burst, shorter grace, a free metrics port. */
  private Map<String, String> fastDemo() {
    Map<String, String> env = new HashMap<>();
    env.put(ConfigLoader.envName("data-dir"), dataDir.toString());
    env.put(ConfigLoader.envName("metrics.port"), "0");
    env.put(ConfigLoader.envName("embedded.simulator.history"), "2h");
    env.put(ConfigLoader.envName("embedded.simulator.burst-starts-after"), "3s");
    env.put(ConfigLoader.envName("alerts.window.grace"), "2s");
    return env;
  }

  private static List<String> alertLines(ByteArrayOutputStream captured) {
    List<String> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("ALERT")) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static String alertLine(ByteArrayOutputStream captured) {
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("ALERT") && line.contains("entity:ACME")) {
        return line;
      }
    }
    return null;
  }

  private static String scrape(URI base) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The lines of a scrape that say how far the pipeline got, for a failure message. */
  private static String diagnostics(String metrics) {
    return metrics.lines()
        .filter(l -> l.startsWith("bellwether_alerts_") || l.startsWith("bellwether_ingest_items")
            || l.startsWith("bellwether_classifier_items_scored") || l.startsWith("bellwether_deadletter")
            || l.startsWith("bellwether_notifier_") || l.contains("scope=\"ACME\"") || l.contains("scope=\"market\""))
        .filter(l -> !l.startsWith("#"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** Sum of every series of a counter in Prometheus text format. */
  private static double counter(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }
}
