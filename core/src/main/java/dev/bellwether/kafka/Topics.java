package dev.bellwether.kafka;

import dev.bellwether.event.Alert;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.Delivery;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.Incident;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Silence;
import dev.bellwether.event.WindowStats;
import java.time.Duration;
import java.util.List;

/** Every topic Bellwether reads or writes, declared once. */
public final class Topics {

  /** Raw news items from ingest, keyed by story id, timestamped with the publication time. */
  public static final TopicSpec<RawNewsItem> RAW =
      new TopicSpec<>("news.raw", RawNewsItem.class, 6, Duration.ofDays(30), false,
          "raw news items from ingest, keyed by story id");

  /** Scored news items from the classifier, keyed by story id. */
  public static final TopicSpec<ScoredNewsItem> SCORED =
      new TopicSpec<>("news.scored", ScoredNewsItem.class, 6, Duration.ofDays(30), false,
          "news items with topic and sentiment, keyed by story id");

  /** Closed-window sentiment statistics per scope, keyed by scope. */
  public static final TopicSpec<WindowStats> WINDOWS =
      new TopicSpec<>("sentiment.windows", WindowStats.class, 6, Duration.ofDays(7), false,
          "sentiment statistics per scope and window, keyed by scope");

  /** Scored items that arrived after their windows closed, keyed by scope. */
  public static final TopicSpec<ScoredNewsItem> LATE =
      new TopicSpec<>("sentiment.late", ScoredNewsItem.class, 3, Duration.ofDays(7), false,
          "scored items that came after their windows closed, one copy per scope, keyed by scope");

  /** Alert revisions, keyed by alert id. */
  public static final TopicSpec<Alert> ALERTS =
      new TopicSpec<>("alerts", Alert.class, 3, Duration.ofDays(90), false,
          "alert revisions (firing, updated, resolved), keyed by alert id");

  /**
   * Incident revisions, keyed by incident id: alerts of several scopes raised by one event, grouped
   * by the alerting stage; read by the console. Each alert on {@code alerts} names its incident.
   */
  public static final TopicSpec<Incident> INCIDENTS =
      new TopicSpec<>("incidents", Incident.class, 3, Duration.ofDays(90), false,
          "incident revisions (alerts of several scopes raised by one event), keyed by incident id");

  /** Silences of alert notifications, keyed by silence id; compacted, so the latest version of each is kept. */
  public static final TopicSpec<Silence> SILENCES =
      new TopicSpec<>("alerts.silences", Silence.class, 1, Duration.ofDays(365), true,
          "silences of alert notifications (scope pattern, time range, comment, author), keyed by silence id");

  /** Notifications receivers accepted, keyed by alert id, episode state and receiver; compacted. */
  public static final TopicSpec<Delivery> DELIVERIES =
      new TopicSpec<>("alerts.deliveries", Delivery.class, 1, Duration.ofDays(30), true,
          "notifications delivered, keyed by <alert id>/<episode state>/<receiver>, read by the notifier at start-up");

  /**
   * Analysts' corrections and alert judgements from the console, keyed by item or alert id;
   * append-only and kept for years, since every record is training data.
   */
  public static final TopicSpec<Feedback> FEEDBACK =
      new TopicSpec<>("feedback", Feedback.class, 1, Duration.ofDays(3650), false,
          "analysts' label corrections and alert judgements from the console, keyed by item or alert id");

  /** Records any stage refused, with the reason. */
  public static final TopicSpec<DeadLetter> DEAD_LETTER =
      new TopicSpec<>("news.dlq", DeadLetter.class, 1, Duration.ofDays(30), false,
          "records a stage could not process, with the reason");

  private Topics() {}

  /** Every topic, in pipeline order. */
  public static List<TopicSpec<?>> all() {
    return List.of(RAW, SCORED, WINDOWS, LATE, ALERTS, INCIDENTS, SILENCES, DELIVERIES, FEEDBACK, DEAD_LETTER);
  }
}
