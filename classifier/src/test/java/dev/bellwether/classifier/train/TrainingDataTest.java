package dev.bellwether.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the data sets: CSV quoting, SEntFiN decisions, label names and original ids. */
class TrainingDataTest {

  @TempDir Path root;

  @Test
  void readsSentFinEntitiesIncludingApostrophesAndKeepsAgreeingHeadlinesAsItems() throws IOException {
    Files.createDirectories(root.resolve("sentfin-1.0"));
    Files.writeString(root.resolve(TrainingData.SENTFIN), String.join("\n",
        "S No.,Title,Decisions,Words",
        "1,SpiceJet to issue warrants,{'SpiceJet': 'neutral'},4",
        "2,\"Osian's fund, Tata gain\",\"{'Osian's Art Fund': 'positive', \"\"Tata\"\": 'positive'}\",5",
        "3,\"Infosys up, Wipro down\",\"{'Infosys': 'positive', 'Wipro': 'negative'}\",4",
        ""));

    List<EntityData.Item> items = EntityData.sentFinItems(root);
    assertThat(items).extracting(EntityData.Item::entities).containsExactly(
        java.util.Map.of("SpiceJet", 1),
        java.util.Map.of("Osian's Art Fund", 2, "Tata", 2),
        java.util.Map.of("Infosys", 2, "Wipro", 0));

    EntityData data = EntityData.of(items, List.of());
    List<LabeledText> agreeing = new java.util.ArrayList<>(List.of(
        new LabeledText("SpiceJet to issue warrants", 1), new LabeledText("Osian's fund, Tata gain", 2)));
    agreeing.removeIf(t -> EntityData.heldOut(t.text()) && !t.text().startsWith("SpiceJet"));
    assertThat(data.itemTrain()).containsExactlyElementsOf(agreeing);
    assertThat(data.pairTest()).allMatch(p -> EntityData.heldOut(p.text()));
    assertThat(data.pairTrain()).noneMatch(p -> EntityData.heldOut(p.text()) && !p.text().startsWith("SpiceJet"));
    assertThat(data.pairTrain().size() + data.pairTest().size()).isEqualTo(5);
  }

  @Test
  void readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
    List<List<String>> rows = CsvTable.parse("text,label\n\"a, \"\"b\"\"\nc\",1\r\nplain,2\n");
    assertThat(rows).containsExactly(List.of("text", "label"), List.of("a, \"b\"\nc", "1"), List.of("plain", "2"));
  }

  @Test
  void readsLabelsByNameOrOriginalId() {
    List<String> topics = List.of("Analyst Update", "Fed | Central Banks");
    assertThat(Task.SENTIMENT.parseLabel("0", List.of())).isEqualTo(0);
    assertThat(Task.SENTIMENT.parseLabel("1", List.of())).isEqualTo(2);
    assertThat(Task.SENTIMENT.parseLabel("2", List.of())).isEqualTo(1);
    assertThat(Task.SENTIMENT.parseLabel("Bullish", List.of())).isEqualTo(2);
    assertThat(Task.TOPIC.parseLabel("fed | central banks", topics)).isEqualTo(1);
    assertThat(Task.TOPIC.parseLabel("1", topics)).isEqualTo(1);
    assertThatThrownBy(() -> Task.TOPIC.parseLabel("Crypto", topics)).hasMessageContaining("unknown topic 'Crypto'");
  }
}
