package dev.bellwether.classifier.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.NewsText;
import dev.bellwether.kafka.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The news dev set: 600 items of the shared rss-2023 crawl labelled by hand for topic and
 * sentiment (guidelines in {@code classifier/MODEL.md}). Only ids and labels ship, as a class
 * path resource; the headlines are read from the shared file and joined by id. For evaluation
 * only: no trainer reads it.
 *
 * @param items the labelled items with their text, in the order of the label file
 */
public record NewsDevSet(List<Item> items) {

  /** The label file on the class path. */
  public static final String LABELS = "/dev/bellwether/classifier/newsdev/rss-2023-dev.tsv";
  /** The shared crawl, relative to a data root. */
  public static final String CRAWL = "rss-2023/rss-2023-01-02.jsonl.gz";

  /**
   * One labelled item.
   *
   * @param id the item's id in the crawl
   * @param group feed group: markets, business or general
   * @param title headline
   * @param summary the feed's description, possibly empty
   * @param topic topic name
   * @param sentiment sentiment name
   */
  public record Item(String id, String group, String title, String summary, String topic, String sentiment) {}

  /** A label row before it is joined with its text. */
  record Label(String id, String group, String topic, String sentiment) {}

  /**
   * Reads the labels and joins them with the crawl under {@code dataRoot}.
   *
   * @throws IllegalArgumentException naming the missing file when the crawl is not there, or an id
   *     that it lacks
   */
  public static NewsDevSet load(Path dataRoot) {
    Path crawl = dataRoot.resolve(CRAWL);
    if (!Files.isRegularFile(crawl)) {
      throw new IllegalArgumentException("the news dev set's text is read from " + crawl + ", which does not exist; "
          + "pass the data root that holds " + CRAWL + " (the shared data folder)");
    }
    List<Label> labels = labels();
    Map<String, JsonNode> byId = new HashMap<>();
    for (Label l : labels) {
      byId.put(l.id(), null);
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(crawl), 1 << 16), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        int at = line.indexOf("\"id\"");
        if (at < 0) {
          continue;
        }
        // Parse only the lines whose id is wanted: 600 of 137,000.
        int start = line.indexOf('"', line.indexOf(':', at) + 1) + 1;
        String id = line.substring(start, line.indexOf('"', start));
        if (byId.containsKey(id) && byId.get(id) == null) {
          byId.put(id, Json.mapper().readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + crawl, e);
    }
    List<Item> items = new ArrayList<>(labels.size());
    for (Label l : labels) {
      JsonNode n = byId.get(l.id());
      if (n == null) {
        throw new IllegalArgumentException(crawl + " has no item " + l.id() + " of " + LABELS);
      }
      items.add(new Item(l.id(), l.group(), n.path("title").asText(), n.path("summary").asText(), l.topic(),
          l.sentiment()));
    }
    return new NewsDevSet(List.copyOf(items));
  }

  /** The label rows of the class path file, in order. */
  static List<Label> labels() {
    List<Label> out = new ArrayList<>();
    for (String[] f : LabelFile.rows(LABELS, 4, true)) {
      out.add(new Label(f[0], f[1], f[2], f[3]));
    }
    return out;
  }

  /** The items of one feed group, or all for null. */
  public List<Item> group(String group) {
    return group == null ? items : items.stream().filter(i -> i.group().equals(group)).toList();
  }

  /** The feed groups, in order of first appearance. */
  public List<String> groups() {
    return items.stream().map(Item::group).distinct().sorted().toList();
  }

  /**
   * Metrics of a model on some items, both tasks, each item scored as the pipeline scores it by
   * default: its headline ({@link NewsClassifier#classifyItems} with title weight 1).
   *
   * @return per task ({@code topic}, {@code sentiment}) the evaluation
   */
  public static Map<Task, Evaluation> evaluate(NewsClassifier classifier, List<Item> items) {
    List<NewsText> texts = items.stream().map(i -> new NewsText(i.title(), i.summary())).toList();
    List<dev.bellwether.classifier.model.ClassifiedText> scored = classifier.classifyItems(texts, 1, 1.0);
    List<String> topics = classifier.manifest().labels().topic();
    List<String> sentiments = classifier.manifest().labels().sentiment();
    int n = items.size();
    int[] topicTruth = new int[n];
    int[] topicPred = new int[n];
    int[] sentTruth = new int[n];
    int[] sentPred = new int[n];
    for (int i = 0; i < n; i++) {
      topicTruth[i] = Task.TOPIC.parseLabel(items.get(i).topic(), topics);
      topicPred[i] = topics.indexOf(scored.get(i).topic().label());
      sentTruth[i] = Task.SENTIMENT.parseLabel(items.get(i).sentiment(), sentiments);
      sentPred[i] = scored.get(i).sentiment().label().ordinal();
    }
    Map<Task, Evaluation> out = new LinkedHashMap<>();
    out.put(Task.TOPIC, Evaluation.of(topics, topicTruth, topicPred));
    out.put(Task.SENTIMENT, Evaluation.of(sentiments, sentTruth, sentPred));
    return out;
  }
}
