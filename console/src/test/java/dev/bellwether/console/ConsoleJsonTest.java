package dev.bellwether.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.kafka.Json;
import org.junit.jupiter.api.Test;

class ConsoleJsonTest {

  @Test
  void scriptInjectionHeadlinesLeaveNoMarkupInTheJsonAndReadBackUnchanged() throws Exception {
    ConsoleView.Item row = ConsoleView.Item.of(
        ConsoleFixtures.scored("n1", "n1", ConsoleFixtures.SCRIPT_TITLE + " " + ConsoleFixtures.IMG_TITLE,
            "Stock Movement", 0.9, 0.05), 1, null);

    String json = ConsoleJson.write(row);

    assertThat(json).doesNotContain("<", ">", "&", "'");
    assertThat(json).contains("\\u003Cscript\\u003E");
    assertThat(Json.mapper().readTree(json).get("title").asText())
        .isEqualTo(ConsoleFixtures.SCRIPT_TITLE + " " + ConsoleFixtures.IMG_TITLE);
  }

  @Test
  void anEventIsOneDataLineEvenWhenTheTextHoldsLineBreaks() throws Exception {
    String title = "line one\nevent: alert\ndata: {}\r\n\u2028line two</script>";
    ConsoleView.Item row =
        ConsoleView.Item.of(ConsoleFixtures.scored("n2", "n2", title, "Earnings", 0.1, 0.7), 1, null);

    String frame = ConsoleJson.sseFrame("item", row);

    String[] lines = frame.split("\n", -1);
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).isEqualTo("event: item");
    assertThat(lines[1]).startsWith("data: {").endsWith("}").doesNotContain("\r", "\u2028", "</script>");
    assertThat(lines[2]).isEmpty();
    assertThat(lines[3]).isEmpty();
    JsonNode data = Json.mapper().readTree(lines[1].substring("data: ".length()));
    assertThat(data.get("title").asText()).isEqualTo(title);
    assertThat(data.get("sentiment").asText()).isEqualTo("positive");
  }
}
