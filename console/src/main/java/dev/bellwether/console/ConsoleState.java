package dev.bellwether.console;

import dev.bellwether.console.ConsoleView.AlertCard;
import dev.bellwether.console.ConsoleView.Item;
import dev.bellwether.console.ConsoleView.Snapshot;
import dev.bellwether.console.ConsoleView.WindowPoint;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.Scope;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.event.WindowStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the console remembers, bounded: the most recent scored items, the latest revision of the
 * most recently updated alerts, the last closed windows of each topic, and what analysts said
 * about them. Every method is synchronized; the feed thread writes, HTTP threads read.
 */
final class ConsoleState {

  private final int maxItems;
  private final int maxAlerts;
  private final int windowsPerTopic;
  private final LinkedHashMap<String, ScoredNewsItem> items = new LinkedHashMap<>();
  private final Map<String, Integer> storyCopies = new HashMap<>();
  private final LinkedHashMap<String, Feedback> corrections = new LinkedHashMap<>();
  private final LinkedHashMap<String, Alert> alerts = new LinkedHashMap<>();
  private final Map<String, Map<Feedback.Kind, Feedback>> alertFeedback = new HashMap<>();
  private final Map<String, TreeMap<Instant, WindowPoint>> charts = new TreeMap<>();
  private final Set<String> topicLabels = new LinkedHashSet<>();

  ConsoleState(int maxItems, int maxAlerts, int windowsPerTopic) {
    this.maxItems = maxItems;
    this.maxAlerts = maxAlerts;
    this.windowsPerTopic = windowsPerTopic;
  }

  /** Adds (or replaces, when rescored) an item; returns its row. */
  synchronized Item add(ScoredNewsItem scored) {
    String id = scored.item().id();
    ScoredNewsItem previous = items.remove(id);
    if (previous != null) {
      uncount(previous);
    }
    items.put(id, scored);
    storyCopies.merge(scored.item().storyId(), 1, Integer::sum);
    if (!scored.topic().probabilities().isEmpty()) {
      topicLabels.clear();
      topicLabels.addAll(scored.topic().probabilities().keySet());
    }
    topicLabels.add(scored.topic().label());
    while (items.size() > maxItems) {
      Iterator<ScoredNewsItem> oldest = items.values().iterator();
      ScoredNewsItem evicted = oldest.next();
      oldest.remove();
      uncount(evicted);
      corrections.remove(evicted.item().id());
    }
    return row(scored);
  }

  /** Keeps an alert's latest revision; returns its card, or empty when an older revision came late. */
  synchronized Optional<AlertCard> add(Alert alert) {
    Alert known = alerts.get(alert.id());
    if (known != null && known.revision() > alert.revision()) {
      return Optional.empty();
    }
    alerts.remove(alert.id());
    alerts.put(alert.id(), alert);
    while (alerts.size() > maxAlerts) {
      String evicted = alerts.keySet().iterator().next();
      alerts.remove(evicted);
      alertFeedback.remove(evicted);
    }
    return Optional.of(card(alert));
  }

  /** Adds a topic's closed window to its chart; returns its point, or empty for other scopes. */
  synchronized Optional<WindowPoint> add(WindowStats window) {
    Scope scope;
    try {
      scope = Scope.parse(window.scope());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (scope.kind() != Scope.Kind.TOPIC) {
      return Optional.empty();
    }
    WindowPoint point =
        new WindowPoint(scope.name(), window.windowEnd(), window.meanScore(), window.negativeShare(), window.items());
    TreeMap<Instant, WindowPoint> chart = charts.computeIfAbsent(scope.name(), t -> new TreeMap<>());
    chart.put(point.windowEnd(), point);
    while (chart.size() > windowsPerTopic) {
      chart.pollFirstEntry();
    }
    return Optional.of(point);
  }

  /**
   * Applies an analyst's feedback; returns the row or card it changes, or empty when the console no
   * longer holds its item or alert.
   */
  synchronized Optional<Object> apply(Feedback feedback) {
    if (feedback.kind() == Feedback.Kind.LABEL) {
      String id = feedback.item().id();
      ScoredNewsItem scored = items.get(id);
      if (scored == null) {
        return Optional.empty();
      }
      corrections.put(id, feedback);
      return Optional.of(row(scored));
    }
    Alert alert = alerts.get(feedback.alert().id());
    if (alert == null) {
      return Optional.empty();
    }
    Map<Feedback.Kind, Feedback> marks = alertFeedback.computeIfAbsent(alert.id(), a -> new LinkedHashMap<>());
    if (feedback.kind() == Feedback.Kind.ALERT_USEFUL || feedback.kind() == Feedback.Kind.ALERT_FALSE_ALARM) {
      marks.remove(Feedback.Kind.ALERT_USEFUL);
      marks.remove(Feedback.Kind.ALERT_FALSE_ALARM);
    }
    marks.put(feedback.kind(), feedback);
    return Optional.of(card(alert));
  }

  /** The item with this id, while the console holds it. */
  synchronized Optional<ScoredNewsItem> item(String id) {
    return Optional.ofNullable(items.get(id));
  }

  /** The latest revision of the alert with this id, while the console holds it. */
  synchronized Optional<Alert> alert(String id) {
    return Optional.ofNullable(alerts.get(id));
  }

  /** Everything, newest first, for {@code who}. */
  synchronized Snapshot snapshot(String who) {
    List<Item> rows = new ArrayList<>(items.size());
    for (ScoredNewsItem s : items.values()) {
      rows.add(row(s));
    }
    Collections.reverse(rows);
    List<AlertCard> cards = new ArrayList<>(alerts.size());
    for (Alert a : alerts.values()) {
      cards.add(card(a));
    }
    Collections.reverse(cards);
    List<List<WindowPoint>> points = new ArrayList<>();
    for (TreeMap<Instant, WindowPoint> chart : charts.values()) {
      points.add(List.copyOf(chart.values()));
    }
    List<String> sentiments = new ArrayList<>();
    for (Sentiment s : Sentiment.values()) {
      sentiments.add(s.label());
    }
    return new Snapshot(who, List.copyOf(topicLabels), sentiments, rows, cards, points);
  }

  private Item row(ScoredNewsItem s) {
    return Item.of(s, storyCopies.getOrDefault(s.item().storyId(), 1), corrections.get(s.item().id()));
  }

  private AlertCard card(Alert alert) {
    Map<Feedback.Kind, Feedback> marks = alertFeedback.getOrDefault(alert.id(), Map.of());
    Feedback ack = marks.get(Feedback.Kind.ALERT_ACKNOWLEDGED);
    Feedback verdict = marks.containsKey(Feedback.Kind.ALERT_USEFUL)
        ? marks.get(Feedback.Kind.ALERT_USEFUL) : marks.get(Feedback.Kind.ALERT_FALSE_ALARM);
    Feedback silenced = marks.get(Feedback.Kind.ALERT_SILENCED);
    return new AlertCard(alert, ack == null ? null : ack.who(),
        verdict == null ? null : verdict.kind() == Feedback.Kind.ALERT_USEFUL ? "useful" : "false-alarm",
        verdict == null ? null : verdict.who(), silenced == null ? null : silenced.who());
  }

  private void uncount(ScoredNewsItem s) {
    storyCopies.computeIfPresent(s.item().storyId(), (k, n) -> n <= 1 ? null : n - 1);
  }
}
