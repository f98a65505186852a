package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.kafka.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The evaluate command on a small labelled CSV. */
class EvaluateCommandTest {

  @TempDir Path dir;

  @Test
  void reportsMetricsAsJsonForALabelledCsv() throws Exception {
    Path csv = dir.resolve("sentiment.csv");
    Files.write(csv, List.of("text,label",
        "Acme Corp shares plunge after fraud probe,negative",
        "Globex profit soars to a record,bullish",
        "\"Initech shares tumble, CEO resigns\",0"));
    StringWriter out = new StringWriter();

    int code = new CommandLine(new EvaluateCommand()).setOut(new PrintWriter(out))
        .execute("--task", "sentiment", "--data", csv.toString(), "--json");

    assertThat(code).isZero();
    JsonNode m = Json.mapper().readTree(out.toString());
    assertThat(m.get("examples").asInt()).isEqualTo(3);
    assertThat(m.get("accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(m.get("macro_f1").isNumber()).isTrue();
    assertThat(m.at("/confusion/0").size()).isEqualTo(3);
    assertThat(m.at("/model/name").asText()).isEqualTo("bge-small-en-v1.5-ft+heads");
    assertThat(m.at("/calibration/ece").asDouble()).isBetween(0.0, 1.0);
    assertThat(m.at("/calibration/nll").asDouble()).isPositive();
  }

  @Test
  void distinctScoresRepeatedTextsOnce() throws Exception {
    Path csv = dir.resolve("repeats.csv");
    Files.write(csv, List.of("text,label",
        "Acme Corp shares plunge after fraud probe,negative",
        "ACME corp shares plunge after fraud probe!,negative",
        "Globex profit soars to a record,positive"));
    StringWriter out = new StringWriter();

    int code = new CommandLine(new EvaluateCommand()).setOut(new PrintWriter(out))
        .execute("--task", "sentiment", "--data", csv.toString(), "--distinct", "--json");

    assertThat(code).isZero();
    JsonNode m = Json.mapper().readTree(out.toString());
    assertThat(m.get("examples").asInt()).isEqualTo(2);
    assertThat(m.get("repeats_dropped").asInt()).isEqualTo(1);
  }

  @Test
  void refusesAnUnknownTask() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new EvaluateCommand()).setErr(new PrintWriter(err))
        .execute("--task", "emotion", "--data", "x.csv");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--task must be sentiment or topic, got 'emotion'");
  }
}
