package dev.bellwether.classifier.train;

import dev.bellwether.classifier.model.TextCleaner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Near-duplicate removal by {@link TextCleaner#duplicateKey}: the same tweet with another short
 * link, other spacing or other case counts as one text.
 */
public final class NearDuplicates {

  private NearDuplicates() {}

  /**
   * The first example of every key, in order.
   */
  public static List<LabeledText> distinct(List<LabeledText> examples) {
    Set<String> seen = new HashSet<>();
    List<LabeledText> out = new ArrayList<>(examples.size());
    for (LabeledText e : examples) {
      if (seen.add(TextCleaner.duplicateKey(e.text()))) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The training examples without any whose key occurs in {@code held}, so validation scores
   * measure texts the heads never saw.
   */
  public static List<LabeledText> without(List<LabeledText> train, List<LabeledText> held) {
    Set<String> keys = new HashSet<>();
    for (LabeledText e : held) {
      keys.add(TextCleaner.duplicateKey(e.text()));
    }
    List<LabeledText> out = new ArrayList<>(train.size());
    for (LabeledText e : train) {
      if (!keys.contains(TextCleaner.duplicateKey(e.text()))) {
        out.add(e);
      }
    }
    return out;
  }
}
