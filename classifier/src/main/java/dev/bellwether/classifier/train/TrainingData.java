package dev.bellwether.classifier.train;

import dev.bellwether.classifier.model.ContentHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training and validation examples read from a data root holding the public data sets:
 * twitter-financial-news-sentiment, SEntFiN 1.0, twitter-financial-news-topic and (optional)
 * FinEntity.
 *
 * @param topicLabels topic names from {@code classes.txt}, in id order
 * @param sentimentTrain twitter sentiment train plus the SEntFiN headlines and FinEntity snippets
 *     whose entities agree, without the items {@link EntityData} holds out
 * @param sentimentValid twitter sentiment validation
 * @param topicTrain topic tweets' train, plus the SEntFiN headlines and FinEntity snippets labelled
 *     by hand for topic ({@link EntityData#topicTrain})
 * @param topicValid topic validation
 * @param entities entity-level pairs from SEntFiN and FinEntity, cut into train and held-out test
 * @param files every file read, with hash and row count
 */
public record TrainingData(
    List<String> topicLabels,
    List<LabeledText> sentimentTrain,
    List<LabeledText> sentimentValid,
    List<LabeledText> topicTrain,
    List<LabeledText> topicValid,
    EntityData entities,
    List<DataFile> files) {

  static final String SENT_TRAIN = "twitter-financial-news-sentiment/sent_train.csv";
  static final String SENT_VALID = "twitter-financial-news-sentiment/sent_valid.csv";
  static final String SENTFIN = "sentfin-1.0/SEntFiN.csv";
  static final String TOPIC_TRAIN = "twitter-financial-news-topic/topic_train.csv";
  static final String TOPIC_VALID = "twitter-financial-news-topic/topic_valid.csv";
  static final String TOPIC_CLASSES = "twitter-financial-news-topic/classes.txt";

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
    EntityData entities = EntityData.load(root);
    files.addAll(entities.files());
    sentTrain.addAll(entities.itemTrain());
    List<LabeledText> topicTrain = new ArrayList<>(csv(root, TOPIC_TRAIN, Task.TOPIC, topics, files));
    for (EntityData.TopicText t : entities.topicTrain()) {
      int label = topics.indexOf(t.topic());
      if (label < 0) {
        throw new IllegalStateException("hand topic label '" + t.topic() + "' of \"" + t.text() + "\" is not one of "
            + TOPIC_CLASSES + ": " + topics);
      }
      topicTrain.add(new LabeledText(t.text(), label));
    }
    return new TrainingData(
        topics,
        sentTrain,
        csv(root, SENT_VALID, Task.SENTIMENT, sentimentNames, files),
        topicTrain,
        csv(root, TOPIC_VALID, Task.TOPIC, topics, files),
        entities,
        List.copyOf(files));
  }

  private static List<LabeledText> csv(Path root, String name, Task task, List<String> labels, List<DataFile> files) {
    Path file = root.resolve(name);
    List<LabeledText> rows = task.readCsv(file, labels);
    files.add(new DataFile(name, ContentHash.of(file), rows.size()));
    return rows;
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
