package dev.bellwether.classifier.train;

import dev.bellwether.classifier.model.ContentHash;
import dev.bellwether.event.Sentiment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training and validation examples read from a data root holding the three public data
 * sets: twitter-financial-news-sentiment, SEntFiN 1.0 and twitter-financial-news-topic.
 *
 * @param topicLabels topic names from {@code classes.txt}, in id order
 * @param sentimentTrain twitter sentiment train plus SEntFiN headlines whose entities agree
 * @param sentimentValid twitter sentiment validation
 * @param topicTrain topic train
 * @param topicValid topic validation
 * @param files every file read, with hash and row count
 */
public record TrainingData(
    List<String> topicLabels,
    List<LabeledText> sentimentTrain,
    List<LabeledText> sentimentValid,
    List<LabeledText> topicTrain,
    List<LabeledText> topicValid,
    List<DataFile> files) {

  static final String SENT_TRAIN = "twitter-financial-news-sentiment/sent_train.csv";
  static final String SENT_VALID = "twitter-financial-news-sentiment/sent_valid.csv";
  static final String SENTFIN = "sentfin-1.0/SEntFiN.csv";
  static final String TOPIC_TRAIN = "twitter-financial-news-topic/topic_train.csv";
  static final String TOPIC_VALID = "twitter-financial-news-topic/topic_valid.csv";
  static final String TOPIC_CLASSES = "twitter-financial-news-topic/classes.txt";

  // The 13 SEntFiN rows whose entity names hold apostrophes are not Python literals; this
  // pattern (from the data set's SOURCE.md) reads all of them.
  private static final Pattern DECISION =
      Pattern.compile("['\"](.+?)['\"]\\s*:\\s*'(positive|negative|neutral)'");

  /**
   * One data file read.
   *
   * @param path path relative to the data root
   * @param sha256 hex SHA-256 of the file
   * @param rows examples taken from it
   */
  public record DataFile(String path, String sha256, int rows) {}

  /**
   * Reads the three data sets under {@code root}.
   *
   * @throws IllegalArgumentException when {@code root} is not a directory
   */
  public static TrainingData load(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("data root " + root + " is not a directory");
    }
    List<DataFile> files = new ArrayList<>();
    List<String> topics = readLines(root.resolve(TOPIC_CLASSES));
    files.add(new DataFile(TOPIC_CLASSES, ContentHash.of(root.resolve(TOPIC_CLASSES)), topics.size()));
    List<String> sentimentNames = List.of("negative", "neutral", "positive");
    List<LabeledText> sentTrain = new ArrayList<>(csv(root, SENT_TRAIN, Task.SENTIMENT, sentimentNames, files));
    List<LabeledText> sentFin = sentFin(root);
    files.add(new DataFile(SENTFIN, ContentHash.of(root.resolve(SENTFIN)), sentFin.size()));
    sentTrain.addAll(sentFin);
    return new TrainingData(
        topics,
        sentTrain,
        csv(root, SENT_VALID, Task.SENTIMENT, sentimentNames, files),
        csv(root, TOPIC_TRAIN, Task.TOPIC, topics, files),
        csv(root, TOPIC_VALID, Task.TOPIC, topics, files),
        List.copyOf(files));
  }

  private static List<LabeledText> csv(Path root, String name, Task task, List<String> labels, List<DataFile> files) {
    Path file = root.resolve(name);
    List<LabeledText> rows = task.readCsv(file, labels);
    files.add(new DataFile(name, ContentHash.of(file), rows.size()));
    return rows;
  }

  /** SEntFiN headlines whose entities all carry one sentiment; mixed headlines are left out. */
  static List<LabeledText> sentFin(Path root) {
    CsvTable t = CsvTable.read(root.resolve(SENTFIN));
    int title = t.column("Title");
    int decisions = t.column("Decisions");
    List<LabeledText> out = new ArrayList<>();
    for (List<String> row : t.rows()) {
      if (row.size() <= Math.max(title, decisions)) {
        continue;
      }
      Set<Sentiment> seen = EnumSet.noneOf(Sentiment.class);
      Matcher m = DECISION.matcher(row.get(decisions));
      while (m.find()) {
        seen.add(Sentiment.parse(m.group(2)));
      }
      if (seen.size() == 1) {
        out.add(new LabeledText(row.get(title), seen.iterator().next().ordinal()));
      }
    }
    return out;
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
