package dev.bellwether.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The topic a model gave an item.
 *
 * @param label the most probable topic, a name from the topic taxonomy
 * @param confidence probability of {@code label}
 * @param probabilities probability of every topic, in the model's label order
 */
public record TopicPrediction(String label, double confidence, Map<String, Double> probabilities) {

  /** Checks the label and keeps the probabilities in their given order. */
  public TopicPrediction {
    RawNewsItem.requireText(label, "topic.label");
    probabilities =
        probabilities == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
  }
}
