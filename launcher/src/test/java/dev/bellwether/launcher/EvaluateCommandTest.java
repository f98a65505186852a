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

  @Test
  void newsDevSaysWhereTheCrawlShouldBeWhenItIsMissing() {
    StringWriter err = new StringWriter();

    int code = new CommandLine(new EvaluateCommand()).setOut(new PrintWriter(new StringWriter()))
        .setErr(new PrintWriter(err)).execute("--news-dev", "--data", dir.toString());

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains(dir.resolve("rss-2023").toString(), "does not exist");
  }

  @Test
  void newsDevReportsBothTasksOverallAndByFeedGroup() throws Exception {
    Path root = sharedData();
    org.junit.jupiter.api.Assumptions.assumeTrue(root != null,
        "shared/data/rss-2023 is not beside this checkout, so the news dev set cannot be read; skipped");
    StringWriter out = new StringWriter();

    int code = new CommandLine(new EvaluateCommand()).setOut(new PrintWriter(out))
        .execute("--news-dev", "--data", root.toString(), "--json");

    assertThat(code).isZero();
    JsonNode m = Json.mapper().readTree(out.toString());
    assertThat(m.get("items").asInt()).isEqualTo(600);
    assertThat(m.at("/topic/examples").asInt()).isEqualTo(600);
    assertThat(m.at("/sentiment/accuracy").asDouble()).isBetween(0.5, 1.0);
    assertThat(m.get("by_group").fieldNames()).toIterable().containsExactly("business", "general", "markets");
  }

  @Test
  void entitiesScoresTheHeldOutPairsByEntityAndByWholeText() throws Exception {
    java.util.List<String> rows = new java.util.ArrayList<>(List.of("S No.,Title,Decisions,Words"));
    String[] companies = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell"};
    for (int i = 0; i < 40; i++) {
      String a = companies[i % 8] + i;
      String b = companies[(i + 3) % 8] + i;
      rows.add(i + ",\"" + a + " beats estimates as " + b + " slumps\",\"{'" + a + "': 'positive', '" + b
          + "': 'negative'}\",6");
    }
    Files.createDirectories(dir.resolve("sentfin-1.0"));
    Files.write(dir.resolve("sentfin-1.0/SEntFiN.csv"), rows);
    StringWriter out = new StringWriter();

    int code = new CommandLine(new EvaluateCommand()).setOut(new PrintWriter(out))
        .execute("--entities", "--data", dir.toString(), "--json");

    assertThat(code).isZero();
    JsonNode m = Json.mapper().readTree(out.toString());
    assertThat(m.get("pairs").asInt()).isPositive().isEven();
    assertThat(m.at("/entity/examples").asInt()).isEqualTo(m.get("pairs").asInt());
    assertThat(m.at("/item/examples").asInt()).isEqualTo(m.get("pairs").asInt());
    // Every held-out headline has one positive and one negative entity: one sentiment per headline
    // gets at most half of them right.
    assertThat(m.at("/item/accuracy").asDouble()).isLessThanOrEqualTo(0.5);
    assertThat(m.get("entity_aware").isBoolean()).isTrue();
  }

  /** The shared data folder beside the checkout (or a folder above it), or null. */
  static Path sharedData() {
    Path d = Path.of("").toAbsolutePath();
    for (int up = 0; up < 4 && d != null; up++, d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("shared/data/rss-2023/rss-2023-01-02.jsonl.gz"))) {
        return d.resolve("shared/data");
      }
    }
    return null;
  }
}
