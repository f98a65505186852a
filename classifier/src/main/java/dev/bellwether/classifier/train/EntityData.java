package dev.bellwether.classifier.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.classifier.model.ContentHash;
import dev.bellwether.classifier.model.TextCleaner;
import dev.bellwether.event.Sentiment;
import dev.bellwether.kafka.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The news data with entity-level sentiment: SEntFiN 1.0 headlines and FinEntity wire snippets,
 * each item with the sentiment of every entity it names. Items are cut into a training part and
 * a held-out test part; the test part is a fixed fifth of the items with two or more entities
 * (chosen by a hash of the item's duplicate key, so it never moves between runs or seeds), and
 * no training item is a near-duplicate of a test item.
 *
 * @param itemTrain training items whose entities all agree, as item-level sentiment examples
 * @param pairTrain training (text, entity) pairs: every entity of a multi-entity item, and of
 *     single-entity items every FinEntity one and every {@link #SINGLE_PAIR_EVERY}th SEntFiN one
 * @param pairTest every (text, entity) pair of the held-out multi-entity items
 * @param topicTrain training items with a hand topic label ({@link #TOPIC_LABELS}), never one of
 *     the held-out items
 * @param files the files read, with hash and count of items
 */
public record EntityData(
    List<LabeledText> itemTrain, List<EntityPair> pairTrain, List<EntityPair> pairTest, List<TopicText> topicTrain,
    List<TrainingData.DataFile> files) {

  /**
   * Hand topic labels of a sample of SEntFiN and FinEntity items, by data set and id: news
   * headlines and wire snippets for the topic head, whose only other labels are tweets. Ids and
   * labels only; the texts stay in the data sets.
   */
  static final String TOPIC_LABELS = "/dev/bellwether/classifier/newstopics/news-topics.tsv";

  /**
   * A text with a topic label by name.
   *
   * @param text headline or snippet, raw
   * @param topic a topic name of the taxonomy
   */
  public record TopicText(String text, String topic) {}

  static final String SENTFIN = TrainingData.SENTFIN;
  static final String FINENTITY = "finentity/FinEntity.json";
  /** Percent of the multi-entity items held out for the entity test. */
  static final int TEST_PERCENT = 20;
  /** One single-entity SEntFiN item in this many also gives a pair (all multi-entity items do). */
  static final int SINGLE_PAIR_EVERY = 4;

  // The 13 SEntFiN rows whose entity names hold apostrophes are not Python literals; this
  // pattern (from the data set's SOURCE.md) reads all of them.
  private static final Pattern DECISION =
      Pattern.compile("['\"](.+?)['\"]\\s*:\\s*'(positive|negative|neutral)'");

  /**
   * An item with its entities' sentiments.
   *
   * @param text headline or snippet, raw
   * @param entities entity name (as written in the text) to sentiment index, in order
   * @param source data set name
   * @param id the item's id in its data set (SEntFiN's "S No.", FinEntity's index), empty when unknown
   * @param topic its hand topic label, null when it has none
   */
  record Item(String text, Map<String, Integer> entities, String source, String id, String topic) {

    Item(String text, Map<String, Integer> entities, String source) {
      this(text, entities, source, "", null);
    }

    Item withTopic(String label) {
      return new Item(text, entities, source, id, label);
    }

    boolean multi() {
      return entities.size() >= 2;
    }

    /** The sentiment every entity shares, or -1 when they differ (or there is none). */
    int agreed() {
      Set<Integer> labels = new HashSet<>(entities.values());
      return labels.size() == 1 ? labels.iterator().next() : -1;
    }

    List<EntityPair> pairs() {
      List<EntityPair> out = new ArrayList<>();
      entities.forEach((entity, label) -> out.add(new EntityPair(text, entity, label, source)));
      return out;
    }
  }

  /** Reads both data sets under {@code root}; FinEntity is optional (left out when its file is missing). */
  public static EntityData load(Path root) {
    List<TrainingData.DataFile> files = new ArrayList<>();
    List<Item> items = new ArrayList<>(sentFinItems(root));
    files.add(new TrainingData.DataFile(SENTFIN, ContentHash.of(root.resolve(SENTFIN)), items.size()));
    Path fin = root.resolve(FINENTITY);
    if (Files.isRegularFile(fin)) {
      List<Item> finItems = finEntityItems(fin);
      files.add(new TrainingData.DataFile(FINENTITY, ContentHash.of(fin), finItems.size()));
      items.addAll(finItems);
    }
    Map<String, TopicLabel> topics = topicLabels();
    items.replaceAll(item -> {
      TopicLabel label = topics.get(item.source() + "/" + item.id());
      return label != null && label.key().equals(topicKey(item.text())) ? item.withTopic(label.topic()) : item;
    });
    return of(items, files);
  }

  /**
   * A hand topic label.
   *
   * @param key the first 8 hex digits of the labelled text's duplicate-key hash ({@link #topicKey})
   * @param topic the topic name
   */
  record TopicLabel(String key, String topic) {}

  /** What a label names its text by: the first 8 hex digits of the SHA-256 of its duplicate key. */
  static String topicKey(String text) {
    return ContentHash.ofText(TextCleaner.duplicateKey(text)).substring(0, 8);
  }

  /**
   * The hand topic labels, keyed by data set and id ({@code SEntFiN/12}, {@code FinEntity/0}); a
   * label applies only to an item whose text has its key, so another version of a data set (or a
   * test's) gets none by mistake.
   */
  static Map<String, TopicLabel> topicLabels() {
    Map<String, TopicLabel> labels = new LinkedHashMap<>();
    for (String[] f : LabelFile.rows(TOPIC_LABELS, 4, false)) {
      String source = f[0].equals("sentfin") ? "SEntFiN" : f[0].equals("finentity") ? "FinEntity" : f[0];
      labels.put(source + "/" + f[1], new TopicLabel(f[2], f[3].strip()));
    }
    return labels;
  }

  static EntityData of(List<Item> items, List<TrainingData.DataFile> files) {
    Set<String> testKeys = new HashSet<>();
    for (Item item : items) {
      if (item.multi() && heldOut(item.text())) {
        testKeys.add(TextCleaner.duplicateKey(item.text()));
      }
    }
    List<LabeledText> itemTrain = new ArrayList<>();
    List<EntityPair> pairTrain = new ArrayList<>();
    List<EntityPair> pairTest = new ArrayList<>();
    List<TopicText> topicTrain = new ArrayList<>();
    Set<String> testSeen = new HashSet<>();
    int single = 0;
    for (Item item : items) {
      String key = TextCleaner.duplicateKey(item.text());
      if (testKeys.contains(key)) {
        if (item.multi() && testSeen.add(key)) {
          pairTest.addAll(item.pairs());
        }
        continue;
      }
      if (item.agreed() >= 0) {
        itemTrain.add(new LabeledText(item.text(), item.agreed()));
      }
      if (item.topic() != null) {
        topicTrain.add(new TopicText(item.text(), item.topic()));
      }
      if (item.multi() || !item.source().equals("SEntFiN") || single++ % SINGLE_PAIR_EVERY == 0) {
        pairTrain.addAll(item.pairs());
      }
    }
    return new EntityData(List.copyOf(itemTrain), List.copyOf(pairTrain), List.copyOf(pairTest), List.copyOf(topicTrain),
        List.copyOf(files));
  }

  /** Whether an item belongs to the held-out fifth, by a hash of its duplicate key (stable across runs). */
  static boolean heldOut(String text) {
    String hex = ContentHash.ofText(TextCleaner.duplicateKey(text));
    return Integer.parseInt(hex.substring(0, 4), 16) % 100 < TEST_PERCENT;
  }

  /** SEntFiN headlines with their entities' sentiments. */
  static List<Item> sentFinItems(Path root) {
    CsvTable t = CsvTable.read(root.resolve(SENTFIN));
    int number = t.column("S No.");
    int title = t.column("Title");
    int decisions = t.column("Decisions");
    List<Item> out = new ArrayList<>();
    for (List<String> row : t.rows()) {
      if (row.size() <= Math.max(number, Math.max(title, decisions))) {
        continue;
      }
      Map<String, Integer> entities = new LinkedHashMap<>();
      Matcher m = DECISION.matcher(row.get(decisions));
      while (m.find()) {
        entities.put(m.group(1), Sentiment.parse(m.group(2)).ordinal());
      }
      if (!entities.isEmpty()) {
        out.add(new Item(row.get(title), entities, "SEntFiN", row.get(number).strip(), null));
      }
    }
    return out;
  }

  /**
   * FinEntity snippets with their entities' sentiments. An entity named twice with different
   * sentiments in one snippet is left out of it; names are compared ignoring case.
   */
  static List<Item> finEntityItems(Path file) {
    JsonNode all;
    try {
      all = Json.mapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<Item> out = new ArrayList<>();
    int index = -1;
    for (JsonNode snippet : all) {
      index++;
      Map<String, Integer> entities = new LinkedHashMap<>();
      Map<String, String> nameOf = new LinkedHashMap<>();
      Set<String> conflicting = new HashSet<>();
      for (JsonNode a : snippet.path("annotations")) {
        String name = a.path("value").asText().strip();
        String tag = a.path("tag").asText();
        if (name.isEmpty() || tag.isEmpty()) {
          continue;
        }
        String key = name.toLowerCase(Locale.ROOT);
        int label = Sentiment.parse(tag.toLowerCase(Locale.ROOT)).ordinal();
        Integer before = entities.putIfAbsent(key, label);
        nameOf.putIfAbsent(key, name);
        if (before != null && before != label) {
          conflicting.add(key);
        }
      }
      Map<String, Integer> kept = new LinkedHashMap<>();
      entities.forEach((key, label) -> {
        if (!conflicting.contains(key)) {
          kept.put(nameOf.get(key), label);
        }
      });
      String text = snippet.path("content").asText().strip();
      if (!kept.isEmpty() && !text.isEmpty()) {
        out.add(new Item(text, kept, "FinEntity", Integer.toString(index), null));
      }
    }
    return out;
  }
}
