package dev.bellwether.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.config.Durations;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.kafka.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/**
 * Turns the page's feedback requests into {@link Feedback} records, checking every field; what
 * the model predicted is taken from the item the console holds, never from the request.
 */
final class FeedbackRequests {

  /** The longest silence the console sets; longer ones belong in the config file. */
  static final Duration MAX_SILENCE = Duration.ofDays(30);

  static final int MAX_COMMENT_CHARS = 1000;

  private final ConsoleState state;
  private final Clock clock;

  FeedbackRequests(ConsoleState state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  /** A request the console refuses, with the HTTP status and a reason the page shows. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    Refused(int status, String reason) {
      super(reason);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  /**
   * A silence the analyst asked for.
   *
   * @param alert the alert whose scope is silenced
   * @param duration how long, from now
   * @param comment why
   */
  record SilenceRequest(Alert alert, Duration duration, String comment) {}

  /** Reads a JSON object body. */
  static JsonNode parse(byte[] body) {
    try {
      JsonNode node = Json.mapper().readTree(body);
      if (node == null || !node.isObject()) {
        throw new Refused(400, "the body must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new Refused(400, "the body is not valid JSON");
    }
  }

  /** {@code {item_id, topic?, sentiment?, comment?}}: a label correction. */
  Feedback label(JsonNode body, String who) {
    String itemId = required(body, "item_id");
    ScoredNewsItem scored = state.item(itemId).orElseThrow(() -> new Refused(404, "item " + itemId
        + " is no longer among the items the console holds; reload the page"));
    String topic = optional(body, "topic");
    if (topic != null) {
      Set<String> labels = scored.topic().probabilities().keySet();
      if (!labels.isEmpty() && !labels.contains(topic)) {
        throw new Refused(400, "topic '" + topic + "' is not a label of model " + scored.model().display()
            + "; expected one of " + labels);
      }
    }
    Sentiment sentiment = null;
    String sentimentText = optional(body, "sentiment");
    if (sentimentText != null) {
      try {
        sentiment = Sentiment.parse(sentimentText);
      } catch (IllegalArgumentException e) {
        throw new Refused(400, "sentiment: " + e.getMessage());
      }
    }
    if (topic == null && sentiment == null) {
      throw new Refused(400, "give a topic, a sentiment or both to correct");
    }
    return new Feedback(Feedback.SCHEMA_VERSION, newId(), Feedback.Kind.LABEL, who, clock.instant(),
        Feedback.Item.of(scored.item()), Feedback.Prediction.of(scored), new Feedback.Correction(topic, sentiment),
        null, null, comment(body));
  }

  /** {@code {alert_id, verdict: useful|false-alarm|acknowledged, comment?}}. */
  Feedback alertVerdict(JsonNode body, String who) {
    Alert alert = alert(body);
    String verdict = required(body, "verdict");
    Feedback.Kind kind;
    switch (verdict) {
      case "useful":
        kind = Feedback.Kind.ALERT_USEFUL;
        break;
      case "false-alarm":
        kind = Feedback.Kind.ALERT_FALSE_ALARM;
        break;
      case "acknowledged":
        kind = Feedback.Kind.ALERT_ACKNOWLEDGED;
        break;
      default:
        throw new Refused(400, "verdict '" + verdict + "' is not useful, false-alarm or acknowledged");
    }
    return new Feedback(Feedback.SCHEMA_VERSION, newId(), kind, who, clock.instant(), null, null, null,
        Feedback.AlertRef.of(alert), null, comment(body));
  }

  /** {@code {alert_id, duration, comment?}}: silence the alert's scope from now. */
  SilenceRequest silence(JsonNode body, String who) {
    Alert alert = alert(body);
    String text = required(body, "duration");
    Duration duration;
    try {
      duration = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new Refused(400, "duration '" + text + "' is not a duration such as 30m, 2h or 1d");
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_SILENCE) > 0) {
      throw new Refused(400, "duration '" + text + "' must be positive and at most 30d (longer silences belong in"
          + " notifier.silences)");
    }
    String comment = comment(body);
    return new SilenceRequest(alert, duration, comment.isEmpty() ? "silenced from the console by " + who : comment);
  }

  /** The feedback record of a silence written with id {@code silenceId}. */
  Feedback silenced(SilenceRequest request, String silenceId, String who) {
    return new Feedback(Feedback.SCHEMA_VERSION, newId(), Feedback.Kind.ALERT_SILENCED, who, clock.instant(), null,
        null, null, Feedback.AlertRef.of(request.alert()), silenceId,
        request.comment() + " (" + Durations.format(request.duration()) + ")");
  }

  private Alert alert(JsonNode body) {
    String alertId = required(body, "alert_id");
    return state.alert(alertId).orElseThrow(() -> new Refused(404, "alert " + alertId
        + " is not among the alerts the console holds; reload the page"));
  }

  private static String required(JsonNode body, String field) {
    String value = optional(body, field);
    if (value == null) {
      throw new Refused(400, field + " is missing");
    }
    return value;
  }

  private static String optional(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new Refused(400, field + " must be a string");
    }
    String value = node.asText().strip();
    if (value.length() > 200) {
      throw new Refused(400, field + " is longer than 200 characters");
    }
    return value.isEmpty() ? null : value;
  }

  private static String comment(JsonNode body) {
    JsonNode node = body.get("comment");
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw new Refused(400, "comment must be a string");
    }
    String text = node.asText().strip();
    if (text.length() > MAX_COMMENT_CHARS) {
      throw new Refused(400, "comment is longer than " + MAX_COMMENT_CHARS + " characters");
    }
    return text;
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
