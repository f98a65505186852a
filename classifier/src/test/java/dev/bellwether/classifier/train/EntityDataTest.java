package dev.bellwether.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.classifier.model.TextCleaner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entity data: the held-out fifth of multi-entity items, and what training may see. */
class EntityDataTest {

  @TempDir Path root;

  @Test
  void holdsOutAboutAFifthOfTheMultiEntityItemsAndTrainsOnNothingOfThem() {
    List<EntityData.Item> items = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Map<String, Integer> two = new LinkedHashMap<>();
      two.put("Acme" + i, 2);
      two.put("Globex" + i, i % 3 == 0 ? 2 : 0);
      items.add(new EntityData.Item("Acme" + i + " beats estimates as Globex" + i + " slumps", two, "SEntFiN"));
      items.add(new EntityData.Item("Initech" + i + " names new CFO", Map.of("Initech" + i, 1), "SEntFiN"));
    }
    // A near-duplicate (other case and punctuation) of a held-out item must not reach training.
    String heldText = items.stream().filter(it -> it.multi() && EntityData.heldOut(it.text())).findFirst()
        .orElseThrow().text();
    items.add(new EntityData.Item(heldText.toUpperCase() + "!", Map.of("X", 2), "FinEntity"));

    EntityData data = EntityData.of(items, List.of());

    Set<String> testTexts = new HashSet<>();
    data.pairTest().forEach(p -> testTexts.add(TextCleaner.duplicateKey(p.text())));
    assertThat(testTexts.size()).isBetween(75, 125);
    assertThat(data.pairTest()).hasSize(2 * testTexts.size());
    assertThat(data.pairTrain()).noneMatch(p -> testTexts.contains(TextCleaner.duplicateKey(p.text())));
    assertThat(data.itemTrain()).noneMatch(t -> testTexts.contains(TextCleaner.duplicateKey(t.text())));
    // Only items whose entities agree are item-level examples; single-entity items are never held out.
    assertThat(data.itemTrain()).noneMatch(t -> t.text().contains("slumps") && t.label() == 0);
    assertThat(data.itemTrain()).filteredOn(t -> t.text().startsWith("Initech")).hasSize(500);
    // Every multi-entity training item gives its pairs, one single-entity SEntFiN item in four gives one.
    long singlePairs = data.pairTrain().stream().filter(p -> p.text().startsWith("Initech")).count();
    assertThat(singlePairs).isEqualTo(500 / EntityData.SINGLE_PAIR_EVERY);
    assertThat(data.pairTrain().stream().filter(p -> p.text().contains("slumps")).count())
        .isEqualTo(2L * (500 - testTexts.size()));
  }

  @Test
  void readsFinEntityAndDropsAnEntityTaggedTwoWaysInOneSnippet() throws IOException {
    Path file = root.resolve(EntityData.FINENTITY);
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        [{"content": "Siemens is rallying 6% while Acme <ACM.N> falls; Acme later recovers.",
          "annotations": [{"start": 0, "end": 7, "value": "Siemens", "tag": "Positive"},
                          {"start": 29, "end": 33, "value": "Acme", "tag": "Negative"},
                          {"start": 56, "end": 60, "value": "acme", "tag": "Positive"}]},
         {"content": "Brent crude rose 1.4%.", "annotations": [{"value": "Brent crude", "tag": "Neutral"}]}]
        """);

    List<EntityData.Item> items = EntityData.finEntityItems(file);

    assertThat(items).extracting(EntityData.Item::entities)
        .containsExactly(Map.of("Siemens", 2), Map.of("Brent crude", 1));
    assertThat(items).allMatch(i -> i.source().equals("FinEntity"));
  }

  /** The 20 classes of twitter-financial-news-topic (classes.txt), in id order. */
  private static final List<String> TAXONOMY = List.of(
      "Analyst Update", "Fed | Central Banks", "Company | Product News", "Treasuries | Corporate Debt", "Dividend",
      "Earnings", "Energy | Oil", "Financials", "Currencies", "General News | Opinion", "Gold | Metals | Materials",
      "IPO", "Legal | Regulation", "M&A | Investments", "Macro", "Markets", "Politics", "Personnel Change",
      "Stock Commentary", "Stock Movement");

  @Test
  void handTopicLabelsNameTaxonomyClassesByDataSetAndId() {
    Map<String, EntityData.TopicLabel> labels = EntityData.topicLabels();
    assertThat(labels).hasSize(800);
    assertThat(labels.keySet()).allMatch(k -> k.matches("(SEntFiN|FinEntity)/\\d+"));
    assertThat(labels.values()).allMatch(l -> TAXONOMY.contains(l.topic()) && l.key().matches("[0-9a-f]{8}"));
    assertThat(labels.keySet().stream().filter(k -> k.startsWith("FinEntity/")).count()).isEqualTo(160);
  }

  @Test
  void aHeldOutItemGivesNoTopicExampleAndOthersGiveTheirLabel() {
    List<EntityData.Item> items = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      items.add(new EntityData.Item("Acme" + i + " beats estimates as Globex" + i + " slumps",
          Map.of("Acme" + i, 2, "Globex" + i, 0), "SEntFiN", Integer.toString(i), "Earnings"));
      items.add(new EntityData.Item("Initech" + i + " names new CFO", Map.of("Initech" + i, 1), "SEntFiN",
          Integer.toString(1000 + i), i % 2 == 0 ? "Personnel Change" : null));
    }
    EntityData data = EntityData.of(items, List.of());
    Set<String> testTexts = new HashSet<>();
    data.pairTest().forEach(p -> testTexts.add(p.text()));
    assertThat(testTexts).isNotEmpty();
    assertThat(data.topicTrain()).noneMatch(t -> testTexts.contains(t.text()));
    assertThat(data.topicTrain()).filteredOn(t -> t.topic().equals("Earnings")).hasSize(200 - testTexts.size());
    assertThat(data.topicTrain()).filteredOn(t -> t.topic().equals("Personnel Change")).hasSize(100);
  }

  @Test
  void everyHandTopicLabelFindsItsTextInTheSharedDataSets() {
    Path shared = NewsDevSetTest.SharedData.root();
    org.junit.jupiter.api.Assumptions.assumeTrue(shared != null && Files.isRegularFile(shared.resolve(EntityData.SENTFIN))
        && Files.isRegularFile(shared.resolve(EntityData.FINENTITY)), "SEntFiN and FinEntity are not in shared/data "
        + "beside this checkout; skipped");
    EntityData data = EntityData.load(shared);
    Set<String> keys = new HashSet<>();
    EntityData.topicLabels().values().forEach(l -> keys.add(l.key()));
    // 800 labels; the items held out for the entity test give none.
    assertThat(data.topicTrain().size() + (int) data.pairTest().stream().map(p -> p.text()).distinct()
        .filter(t -> keys.contains(EntityData.topicKey(t)))
        .count()).isEqualTo(800);
  }
}
