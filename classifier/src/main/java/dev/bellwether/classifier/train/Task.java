package dev.bellwether.classifier.train;

import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.event.Sentiment;
import java.util.List;

/** The two things the heads predict, each with its label names and how labels are written in CSVs. */
public enum Task {
  /** Sentiment: negative, neutral, positive. */
  SENTIMENT,
  /** Topic: the 20 classes of the twitter-financial-news-topic data set. */
  TOPIC;

  /**
   * Reads one label: a name (case-insensitive; for sentiment also {@code bearish}/{@code bullish})
   * or a numeric id of the original data set: for sentiment 0 = bearish, 1 = bullish, 2 = neutral
   * (twitter-financial-news-sentiment), for topic the line number in {@code classes.txt} from 0.
   *
   * @param labels the task's label names in head order
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public int parseLabel(String raw, List<String> labels) {
    String v = raw.strip();
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
      int id = Integer.parseInt(v);
      if (this == SENTIMENT) {
        switch (id) {
          case 0:
            return 0;
          case 1:
            return 2;
          case 2:
            return 1;
          default:
            throw new IllegalArgumentException("sentiment id " + id + " is not 0 (bearish), 1 (bullish) or 2 (neutral)");
        }
      }
      if (id >= labels.size()) {
        throw new IllegalArgumentException("topic id " + id + " is not in 0.." + (labels.size() - 1));
      }
      return id;
    }
    if (this == SENTIMENT) {
      return Sentiment.parse(v).ordinal();
    }
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i).equalsIgnoreCase(v)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown topic '" + raw + "'; expected one of " + labels);
  }

  /** The label names of this task in the classifier's head order. */
  public List<String> labels(NewsClassifier classifier) {
    return this == SENTIMENT ? classifier.manifest().labels().sentiment() : classifier.manifest().labels().topic();
  }

  /** The lower-case name used on the command line and in reports. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Reads a {@code text,label} CSV of this task.
   *
   * @param labels the task's label names in head order
   */
  public List<LabeledText> readCsv(java.nio.file.Path file, List<String> labels) {
    CsvTable t = CsvTable.read(file);
    int text = t.column("text");
    int label = t.column("label");
    List<LabeledText> out = new java.util.ArrayList<>(t.rows().size());
    int line = 1;
    for (List<String> row : t.rows()) {
      line++;
      if (row.size() <= Math.max(text, label)) {
        throw new IllegalArgumentException(file + " record " + line + " has " + row.size() + " fields, expected " + t.header().size());
      }
      try {
        out.add(new LabeledText(row.get(text), parseLabel(row.get(label), labels)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " record " + line + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
