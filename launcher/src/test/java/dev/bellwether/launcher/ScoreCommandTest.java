package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.kafka.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The score command with the bundled model. */
class ScoreCommandTest {

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new ScoreCommand()).setOut(new PrintWriter(out));
    assertThat(cli.execute(args)).isZero();
    return out.toString();
  }

  @Test
  void printsNegativeSentimentAndModelIdForAFraudHeadline() {
    String out = run("Acme Corp shares plunge after fraud probe");

    assertThat(out).contains("Acme Corp shares plunge after fraud probe", "sentiment: negative")
        .containsPattern("model:\\s+bge-small-en-v1\\.5-ft\\+heads@\\S+#[0-9a-f]{12}");
  }

  @Test
  void printsOneJsonObjectPerText() throws Exception {
    JsonNode rows = Json.mapper().readTree(run("--json", "Acme profit soars to a record", "Fed holds rates"));

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).at("/sentiment/label").asText()).isEqualTo("positive");
    assertThat(rows.get(1).at("/model/sha256").asText()).hasSize(64);
  }
}
