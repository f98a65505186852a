package dev.bellwether.console;

import dev.bellwether.event.Alert;
import dev.bellwether.event.EpisodeEvidence;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.Incident;
import dev.bellwether.event.Scope;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.WindowStats;
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
   * One closed window of one topic or entity, a point of its sentiment chart.
   *
   * @param scope the scope key, e.g. {@code entity:ACME}
   * @param kind {@code topic} or {@code entity}
   * @param topic the topic label or ticker
   * @param windowEnd end of the window
   * @param meanScore mean sentiment score
   * @param negativeShare negative share of its stories
   * @param items items counted
   * @param stories distinct stories
   */
  record WindowPoint(String scope, String kind, String topic, Instant windowEnd, double meanScore,
      double negativeShare, long items, long stories) {

    static WindowPoint of(Scope scope, WindowStats w) {
      return new WindowPoint(scope.key(), scope.kind().name().toLowerCase(java.util.Locale.ROOT), scope.name(),
          w.windowEnd(), w.meanScore(), w.negativeShare(), w.items(), w.stories());
    }
  }

  /**
   * The stories of an alert in the window of one of its kept revisions, as far as the console still
   * holds them.
   *
   * @param alertId the alert
   * @param scope its scope
   * @param revision which kept revision: {@code first}, {@code peak} or {@code latest}
   * @param window that revision, with its window, figures and headlines
   * @param heldStories distinct stories among {@code items}; fewer than the window counted when the
   *     console no longer holds older items
   * @param items the items of the scope published in the window, newest first
   */
  record Stories(String alertId, String scope, String revision, EpisodeEvidence.Snapshot window, int heldStories,
      List<Item> items) {}

  /**
   * Everything the page shows, at once.
   *
   * @param who the analyst asking
   * @param topics topic labels of the model, for corrections and the filter
   * @param sentiments sentiment labels
   * @param items recent items, newest published first
   * @param alerts alerts, latest update first
   * @param incidents incidents, latest update first
   * @param charts per topic and entity, its points, oldest first
   */
  record Snapshot(
      String who, List<String> topics, List<String> sentiments, List<Item> items, List<AlertCard> alerts,
      List<Incident> incidents, List<List<WindowPoint>> charts) {}
}
