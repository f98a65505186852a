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
  void keepsSentFinHeadlinesWhoseEntitiesAgreeIncludingApostrophes() throws IOException {
    Files.createDirectories(root.resolve("sentfin-1.0"));
    Files.writeString(root.resolve(TrainingData.SENTFIN), String.join("\n",
        "S No.,Title,Decisions,Words",
        "1,SpiceJet to issue warrants,{'SpiceJet': 'neutral'},4",
        "2,\"Osian's fund, Tata gain\",\"{'Osian's Art Fund': 'positive', \"\"Tata\"\": 'positive'}\",5",
        "3,\"Infosys up, Wipro down\",\"{'Infosys': 'positive', 'Wipro': 'negative'}\",4",
        ""));

    List<LabeledText> rows = TrainingData.sentFin(root);

    assertThat(rows).containsExactly(
        new LabeledText("SpiceJet to issue warrants", 1),
        new LabeledText("Osian's fund, Tata gain", 2));
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
