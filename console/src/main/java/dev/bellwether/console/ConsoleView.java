package dev.bellwether.console;

import dev.bellwether.event.Alert;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.ScoredNewsItem;
import java.time.Instant;
import java.util.List;

/** The shapes the console sends to the page: what one row, card or chart point needs, no more. */
final class ConsoleView {

  private ConsoleView() {}

  /**
   * One scored item as a row of the stream.
   *
   * @param id item id
   * @param storyId its story cluster
   * @param storySize copies of its story among the items the console holds
   * @param title headline
   * @param url link to the article
   * @param source feed name
   * @param publishedAt publication time
   * @param entities tickers
   * @param topic topic label
   * @param topicConfidence probability of the topic
   * @param sentiment sentiment label
   * @param score sentiment score in [-1, 1]
   * @param model display id of the model that scored it
   * @param flags scoring notes
   * @param correction the latest correction an analyst made, or null
   * @param correctedBy who made it, or null
   */
  record Item(
      String id, String storyId, int storySize, String title, String url, String source, Instant publishedAt,
      List<String> entities, String topic, double topicConfidence, String sentiment, double score, String model,
      List<String> flags, Feedback.Correction correction, String correctedBy) {

    static Item of(ScoredNewsItem s, int storySize, Feedback correction) {
      return new Item(s.item().id(), s.item().storyId(), storySize, s.item().title(), s.item().url(),
          s.item().source(), s.item().publishedAt(), s.item().entities(), s.topic().label(), s.topic().confidence(),
          s.sentiment().label().label(), s.sentiment().score(), s.model().display(), s.flags(),
          correction == null ? null : correction.correction(), correction == null ? null : correction.who());
    }
  }

  /**
   * One alert (its latest revision) with what analysts said about it.
   *
   * @param alert the alert as on the alerts topic
   * @param acknowledgedBy who acknowledged it, or null
   * @param verdict {@code useful} or {@code false-alarm}, or null
   * @param verdictBy who gave the verdict, or null
   * @param silencedBy who silenced its scope from the console, or null
   */
  record AlertCard(Alert alert, String acknowledgedBy, String verdict, String verdictBy, String silencedBy) {}

  /**
   * One closed window of one topic, a point of its sentiment chart.
   *
   * @param topic topic label
   * @param windowEnd end of the window
   * @param meanScore mean sentiment score
   * @param negativeShare negative share of its stories
   * @param items items counted
   */
  record WindowPoint(String topic, Instant windowEnd, double meanScore, double negativeShare, long items) {}

  /**
   * Everything the page shows, at once.
   *
   * @param who the analyst asking
   * @param topics topic labels of the model, for corrections and the filter
   * @param sentiments sentiment labels
   * @param items recent items, newest first
   * @param alerts alerts, latest update first
   * @param charts per topic, its points, oldest first
   */
  record Snapshot(
      String who, List<String> topics, List<String> sentiments, List<Item> items, List<AlertCard> alerts,
      List<List<WindowPoint>> charts) {}
}
