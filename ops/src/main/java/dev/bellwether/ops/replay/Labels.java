package dev.bellwether.ops.replay;

import dev.bellwether.event.ScoredNewsItem;

/**
 * The two labels of one scored item, as a replay compares them.
 *
 * @param topic topic label
 * @param sentiment sentiment label ({@code negative}, {@code neutral}, {@code positive})
 * @param model display form of the model that gave them
 */
record Labels(String topic, String sentiment, String model) {

  static Labels of(ScoredNewsItem scored) {
    return new Labels(scored.topic().label(), scored.sentiment().label().label(), scored.model().display());
  }
}
