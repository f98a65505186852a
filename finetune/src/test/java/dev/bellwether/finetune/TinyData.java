package dev.bellwether.finetune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small data root in the layout {@code bellwether train} reads, from templates, for tests. */
final class TinyData {

  static final String[] COMPANIES = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne",
      "Cyberdyne", "Tyrell", "Soylent", "Wonka"};
  private static final String[] SENTIMENT = {
      "%s shares plunge after fraud probe,0", "%s stock soars on record profit,1", "%s to hold annual meeting on Tuesday,2"};
  private static final String[] TOPIC = {
      "%s quarterly earnings beat estimates,Earnings", "%s names new chief executive,Personnel Change",
      "\"%s agrees to buy rival, in $2 billion deal\",M&A | Investments"};

  private TinyData() {}

  /**
   * Writes the five files.
   *
   * @param trainCompanies companies whose texts go to train; the rest go to validation
   */
  static void write(Path root, List<String> topicClasses, int trainCompanies) throws IOException {
    List<String> sentTrain = new ArrayList<>(List.of("text,label"));
    List<String> sentValid = new ArrayList<>(List.of("text,label"));
    List<String> topicTrain = new ArrayList<>(List.of("text,label"));
    List<String> topicValid = new ArrayList<>(List.of("text,label"));
    for (int i = 0; i < COMPANIES.length; i++) {
      for (String t : SENTIMENT) {
        (i < trainCompanies ? sentTrain : sentValid).add(String.format(t, COMPANIES[i]));
      }
      for (String t : TOPIC) {
        (i < trainCompanies ? topicTrain : topicValid).add(String.format(t, COMPANIES[i]));
      }
    }
    write(root, "twitter-financial-news-sentiment/sent_train.csv", sentTrain);
    write(root, "twitter-financial-news-sentiment/sent_valid.csv", sentValid);
    write(root, "twitter-financial-news-topic/topic_train.csv", topicTrain);
    write(root, "twitter-financial-news-topic/topic_valid.csv", topicValid);
    write(root, "twitter-financial-news-topic/classes.txt", topicClasses);
    write(root, "sentfin-1.0/SEntFiN.csv", List.of("S No.,Title,Decisions,Words",
        "1,Tata Motors profit falls 20%,{'Tata Motors': 'negative'},5"));
  }

  private static void write(Path root, String name, List<String> lines) throws IOException {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, lines);
  }
}
