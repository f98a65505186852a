package dev.bellwether.ops.replay;

import java.util.Map;
import java.util.TreeMap;

/**
 * How a rescoring changed labels: for the items scored both before and now (matched by item id),
 * a transition table per task, previous label to new label, with counts.
 *
 * @param compared items that had a previous score
 * @param unmatched rescored items with no previous score in the compared topic
 * @param previousModels the models of the previous scores, with item counts
 * @param sentiment sentiment transitions: previous label → new label → items
 * @param topic topic transitions: previous label → new label → items
 */
public record LabelChanges(long compared, long unmatched, Map<String, Long> previousModels,
    Map<String, Map<String, Long>> sentiment, Map<String, Map<String, Long>> topic) {

  /** Compares {@code current} labels with {@code previous} ones, both by item id. */
  public static LabelChanges compare(Map<String, Labels> previous, Map<String, Labels> current) {
    Map<String, Long> models = new TreeMap<>();
    Map<String, Map<String, Long>> sentiment = new TreeMap<>();
    Map<String, Map<String, Long>> topic = new TreeMap<>();
    long compared = 0;
    long unmatched = 0;
    for (Map.Entry<String, Labels> e : current.entrySet()) {
      Labels before = previous.get(e.getKey());
      if (before == null) {
        unmatched++;
        continue;
      }
      compared++;
      models.merge(before.model(), 1L, Long::sum);
      sentiment.computeIfAbsent(before.sentiment(), k -> new TreeMap<>()).merge(e.getValue().sentiment(), 1L, Long::sum);
      topic.computeIfAbsent(before.topic(), k -> new TreeMap<>()).merge(e.getValue().topic(), 1L, Long::sum);
    }
    return new LabelChanges(compared, unmatched, models, sentiment, topic);
  }

  /** Items whose sentiment label changed. */
  public long sentimentChanged() {
    return changed(sentiment);
  }

  /** Items whose topic label changed. */
  public long topicChanged() {
    return changed(topic);
  }

  private static long changed(Map<String, Map<String, Long>> table) {
    long n = 0;
    for (Map.Entry<String, Map<String, Long>> row : table.entrySet()) {
      for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
        if (!cell.getKey().equals(row.getKey())) {
          n += cell.getValue();
        }
      }
    }
    return n;
  }
}
