package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus rules: {@code promtool check rules} and {@code promtool test rules} pass, and
 * every alert carries a severity, a summary, a description and an absolute runbook link: the
 * external label {@code runbook_base} (where docs/runbook.md is published) and a section of it that
 * exists.
 */
class PrometheusRulesTest {

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    Path promtool = PrometheusBinaries.require("promtool");
    Result result = run(promtool.toString(), "check", "rules", ObservabilityFiles.rulesFile().toString());
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void alertingRulesPassTheirUnitTests() throws Exception {
    Path promtool = PrometheusBinaries.require("promtool");
    Result result = run(promtool.toString(), "test", "rules", ObservabilityFiles.rulesTestFile().toString());
    assertThat(result.exit()).as(result.output()).isZero();
  }

  @Test
  void everyAlertHasSeveritySummaryDescriptionAndARunbookSection() throws IOException {
    String runbook = Files.readString(ObservabilityFiles.root().resolve("docs/runbook.md"));
    List<JsonNode> alerts = ObservabilityFiles.rules().stream().filter(r -> r.has("alert")).toList();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(5);
    for (JsonNode alert : alerts) {
      String name = alert.path("alert").asText();
      assertThat(alert.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
      assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
      assertThat(alert.path("annotations").path("description").asText()).as(name).isNotBlank();
      assertThat(alert.path("annotations").path("runbook_url").asText())
          .as(name).isEqualTo("{{ $externalLabels.runbook_base }}#" + name.toLowerCase(Locale.ROOT));
      assertThat(runbook).as("docs/runbook.md section for %s", name).contains("\n## " + name + "\n");
    }
  }

  @Test
  void everyAlertIsUnitTested() throws IOException {
    String tests = Files.readString(ObservabilityFiles.rulesTestFile());
    ObservabilityFiles.rules().stream()
        .filter(r -> r.has("alert"))
        .forEach(r -> assertThat(tests).contains("alertname: " + r.path("alert").asText()));
  }

  private record Result(int exit, String output) {}

  private static Result run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
