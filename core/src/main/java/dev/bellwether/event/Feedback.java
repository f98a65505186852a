package dev.bellwether.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One analyst's judgement on what the machine produced: the value of the append-only
 * {@code feedback} topic, keyed by the item id (label corrections) or the alert id (alert feedback).
 *
 * <p>A label correction carries everything retraining needs without looking anything up: the
 * text the model scored, the model that scored it, its prediction and the corrected labels, as
 * label names of the model's taxonomy.
 *
 * @param schemaVersion version of this contract
 * @param id unique id of this record
 * @param kind what the analyst did
 * @param who the name of the console token used, or {@code local} on a loopback console without tokens
 * @param at when the analyst did it
 * @param item the news item, for {@link Kind#LABEL}; null otherwise
 * @param prediction what the model said about the item, for {@link Kind#LABEL}; null otherwise
 * @param correction the labels the analyst gave, for {@link Kind#LABEL}; null otherwise
 * @param alert the alert judged, for the {@code alert-*} kinds; null otherwise
 * @param silenceId id of the silence written to {@code alerts.silences}, for {@link Kind#ALERT_SILENCED}
 * @param comment the analyst's note, possibly empty
 */
public record Feedback(
    int schemaVersion,
    String id,
    Kind kind,
    String who,
    Instant at,
    Item item,
    Prediction prediction,
    Correction correction,
    AlertRef alert,
    String silenceId,
    String comment) {

  /** The contract version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  /** What the analyst did. */
  public enum Kind {
    /** Corrected the topic and/or the sentiment of an item. */
    @JsonProperty("label")
    LABEL,
    /** Marked an alert as useful. */
    @JsonProperty("alert-useful")
    ALERT_USEFUL,
    /** Marked an alert as a false alarm. */
    @JsonProperty("alert-false-alarm")
    ALERT_FALSE_ALARM,
    /** Acknowledged an alert: someone is on it. */
    @JsonProperty("alert-acknowledged")
    ALERT_ACKNOWLEDGED,
    /** Silenced the alert's scope for a while. */
    @JsonProperty("alert-silenced")
    ALERT_SILENCED;

    /** Whether this kind is about an alert rather than an item. */
    public boolean aboutAlert() {
      return this != LABEL;
    }
  }

  /**
   * The item as the model saw it.
   *
   * @param id item id
   * @param storyId its story cluster
   * @param text the headline, which is what the model scores by default
   * @param summary the summary, possibly empty
   * @param url link to the article
   * @param source feed name
   * @param publishedAt publication time
   * @param entities tickers it is about
   */
  public record Item(
      String id, String storyId, String text, String summary, String url, String source, Instant publishedAt,
      List<String> entities) {

    /** Checks the id and the text and copies the entities. */
    public Item {
      RawNewsItem.requireText(id, "item.id");
      RawNewsItem.requireText(text, "item.text");
      summary = summary == null ? "" : summary;
      url = url == null ? "" : url;
      source = source == null ? "" : source;
      entities = entities == null ? List.of() : List.copyOf(entities);
    }

    /** The item of a scored record. */
    public static Item of(RawNewsItem raw) {
      return new Item(raw.id(), raw.storyId(), raw.title(), raw.summary(), raw.url(), raw.source(), raw.publishedAt(),
          raw.entities());
    }
  }

  /**
   * The model's prediction for an item.
   *
   * @param model the model that scored it
   * @param topic topic label
   * @param topicConfidence probability of {@code topic}
   * @param sentiment sentiment label
   * @param sentimentScore P(positive) - P(negative)
   */
  public record Prediction(
      ModelId model, String topic, double topicConfidence, Sentiment sentiment, double sentimentScore) {

    /** Checks that every label is present. */
    public Prediction {
      Objects.requireNonNull(model, "prediction.model is missing");
      RawNewsItem.requireText(topic, "prediction.topic");
      Objects.requireNonNull(sentiment, "prediction.sentiment is missing");
    }

    /** The prediction a scored record carries. */
    public static Prediction of(ScoredNewsItem scored) {
      return new Prediction(scored.model(), scored.topic().label(), scored.topic().confidence(),
          scored.sentiment().label(), scored.sentiment().score());
    }
  }

  /**
   * The labels the analyst gave; a null field was not corrected.
   *
   * @param topic the right topic label, or null
   * @param sentiment the right sentiment, or null
   */
  public record Correction(String topic, Sentiment sentiment) {

    /** Checks that something is corrected. */
    public Correction {
      if (topic != null && topic.isBlank()) {
        topic = null;
      }
      if (topic == null && sentiment == null) {
        throw new IllegalArgumentException("a correction needs a topic or a sentiment");
      }
    }
  }

  /**
   * The alert revision an analyst judged.
   *
   * @param id alert id
   * @param scope its scope key
   * @param rule the rule that fired
   * @param revision the revision shown to the analyst
   * @param severity its severity at that revision
   * @param models display ids of the models whose scores raised it
   */
  public record AlertRef(
      String id, String scope, String rule, int revision, Alert.Severity severity, List<String> models) {

    /** Checks the id and scope and copies the models. */
    public AlertRef {
      RawNewsItem.requireText(id, "alert.id");
      RawNewsItem.requireText(scope, "alert.scope");
      models = models == null ? List.of() : List.copyOf(models);
    }

    /** The reference to one alert revision. */
    public static AlertRef of(Alert alert) {
      return new AlertRef(alert.id(), alert.scope(), alert.rule(), alert.revision(), alert.severity(), alert.models());
    }
  }

  /** Checks that the parts the kind needs are present. */
  public Feedback {
    schemaVersion = SchemaVersions.check(schemaVersion, SCHEMA_VERSION, "Feedback");
    RawNewsItem.requireText(id, "id");
    Objects.requireNonNull(kind, "kind is missing");
    RawNewsItem.requireText(who, "who");
    Objects.requireNonNull(at, "at is missing");
    if (kind == Kind.LABEL && (item == null || prediction == null || correction == null)) {
      throw new IllegalArgumentException("label feedback " + id + " needs item, prediction and correction");
    }
    if (kind.aboutAlert() && alert == null) {
      throw new IllegalArgumentException(kind + " feedback " + id + " needs the alert");
    }
    if (kind == Kind.ALERT_SILENCED) {
      RawNewsItem.requireText(silenceId, "silence_id");
    }
    comment = comment == null ? "" : comment;
  }

  /** The Kafka key: the item id for label corrections, the alert id otherwise. */
  public String key() {
    return kind == Kind.LABEL ? item.id() : alert.id();
  }
}
