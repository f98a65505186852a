package dev.bellwether.console;

import dev.bellwether.console.ConsoleView.AlertCard;
import dev.bellwether.console.ConsoleView.Item;
import dev.bellwether.console.ConsoleView.Snapshot;
import dev.bellwether.console.ConsoleView.WindowPoint;
import dev.bellwether.event.Alert;
import dev.bellwether.event.EpisodeEvidence;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.Incident;
import dev.bellwether.event.Scope;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.event.WindowStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
 * most recently updated alerts and incidents, the last closed windows of each topic and of the
 * entities most recently alerting or seen, and what analysts said about them. Every method is
 * synchronized; the feed thread writes, HTTP threads read.
 */
final class ConsoleState {

  /** Most entities with a chart; entities with an alert the console holds are kept first. */
  static final int MAX_ENTITY_CHARTS = 24;

  private final int maxItems;
  private final int maxAlerts;
  private final int windowsPerTopic;
  private final LinkedHashMap<String, ScoredNewsItem> items = new LinkedHashMap<>();
  private final Map<String, Integer> storyCopies = new HashMap<>();
  private final LinkedHashMap<String, Feedback> corrections = new LinkedHashMap<>();
  private final LinkedHashMap<String, Alert> alerts = new LinkedHashMap<>();
  private final Map<String, Map<Feedback.Kind, Feedback>> alertFeedback = new HashMap<>();
  private final Map<String, TreeMap<Instant, WindowPoint>> charts = new TreeMap<>();
  private final LinkedHashMap<String, TreeMap<Instant, WindowPoint>> entityCharts = new LinkedHashMap<>();
  private final LinkedHashMap<String, Incident> incidents = new LinkedHashMap<>();
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

  /** Keeps an incident's latest revision; returns it, or empty when an older revision came late. */
  synchronized Optional<Incident> add(Incident incident) {
    Incident known = incidents.get(incident.id());
    if (known != null && known.revision() > incident.revision()) {
      return Optional.empty();
    }
    incidents.remove(incident.id());
    incidents.put(incident.id(), incident);
    while (incidents.size() > maxAlerts) {
      incidents.remove(incidents.keySet().iterator().next());
    }
    return Optional.of(incident);
  }

  /**
   * Adds a topic's or an entity's closed window to its chart; returns its point, or empty for the
   * market. At most {@link #MAX_ENTITY_CHARTS} entities have charts: the least recently updated
   * that has no alert the console holds goes first.
   */
  synchronized Optional<WindowPoint> add(WindowStats window) {
    Scope scope;
    try {
      scope = Scope.parse(window.scope());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (scope.kind() == Scope.Kind.MARKET) {
      return Optional.empty();
    }
    WindowPoint point = WindowPoint.of(scope, window);
    TreeMap<Instant, WindowPoint> chart;
    if (scope.kind() == Scope.Kind.TOPIC) {
      chart = charts.computeIfAbsent(scope.name(), t -> new TreeMap<>());
    } else {
      chart = entityCharts.remove(window.scope());
      chart = chart == null ? new TreeMap<>() : chart;
      entityCharts.put(window.scope(), chart);
      evictEntityCharts();
    }
    chart.put(point.windowEnd(), point);
    while (chart.size() > windowsPerTopic) {
      chart.pollFirstEntry();
    }
    return Optional.of(point);
  }

  private void evictEntityCharts() {
    Set<String> alerting = new HashSet<>();
    alerts.values().forEach(a -> alerting.add(a.scope()));
    Iterator<String> it = entityCharts.keySet().iterator();
    while (entityCharts.size() > MAX_ENTITY_CHARTS && it.hasNext()) {
      if (!alerting.contains(it.next())) {
        it.remove();
      }
    }
    it = entityCharts.keySet().iterator();
    while (entityCharts.size() > MAX_ENTITY_CHARTS && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /**
   * The stories of an alert in the window of one of its kept revisions ({@code first}, {@code peak}
   * or {@code latest}), as far as the console still holds them: the items of its scope published in
   * that window, newest first; empty when the console no longer holds the alert.
   */
  synchronized Optional<ConsoleView.Stories> stories(String alertId, String which) {
    Alert alert = alerts.get(alertId);
    if (alert == null) {
      return Optional.empty();
    }
    EpisodeEvidence.Snapshot snapshot = alert.evidence() == null ? EpisodeEvidence.Snapshot.of(alert)
        : switch (which) {
          case "first" -> alert.evidence().first();
          case "peak" -> alert.evidence().peak();
          default -> alert.evidence().latest();
        };
    Scope scope = Scope.parse(alert.scope());
    List<Item> rows = new ArrayList<>();
    Set<String> stories = new HashSet<>();
    for (ScoredNewsItem s : items.values()) {
      Instant at = s.item().publishedAt();
      boolean inWindow = snapshot.windowStart() == null || snapshot.windowEnd() == null
          || !at.isBefore(snapshot.windowStart()) && at.isBefore(snapshot.windowEnd());
      if (inWindow && inScope(scope, s)) {
        rows.add(row(s));
        stories.add(s.item().storyId());
      }
    }
    Collections.reverse(rows);
    rows.sort(NEWEST_PUBLISHED_FIRST);
    return Optional.of(new ConsoleView.Stories(alert.id(), alert.scope(),
        alert.evidence() == null ? "latest" : which, snapshot, stories.size(), rows));
  }

  private static boolean inScope(Scope scope, ScoredNewsItem s) {
    return switch (scope.kind()) {
      case MARKET -> true;
      case TOPIC -> scope.name().equals(s.topic().label());
      case ENTITY -> s.item().entities().contains(scope.name());
    };
  }

  /** Newest publication first; among items published at once, the last to arrive first. */
  private static final Comparator<Item> NEWEST_PUBLISHED_FIRST =
      Comparator.comparing(Item::publishedAt, Comparator.nullsLast(Comparator.reverseOrder()));

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

  /** Everything for {@code who}: items newest published first, alerts and incidents latest update first. */
  synchronized Snapshot snapshot(String who) {
    List<Item> rows = new ArrayList<>(items.size());
    for (ScoredNewsItem s : items.values()) {
      rows.add(row(s));
    }
    Collections.reverse(rows);
    rows.sort(NEWEST_PUBLISHED_FIRST);
    List<AlertCard> cards = new ArrayList<>(alerts.size());
    for (Alert a : alerts.values()) {
      cards.add(card(a));
    }
    Collections.reverse(cards);
    List<Incident> incidentList = new ArrayList<>(incidents.values());
    Collections.reverse(incidentList);
    List<List<WindowPoint>> points = new ArrayList<>();
    for (TreeMap<Instant, WindowPoint> chart : charts.values()) {
      points.add(List.copyOf(chart.values()));
    }
    for (TreeMap<Instant, WindowPoint> chart : entityCharts.values()) {
      points.add(List.copyOf(chart.values()));
    }
    List<String> sentiments = new ArrayList<>();
    for (Sentiment s : Sentiment.values()) {
      sentiments.add(s.label());
    }
    return new Snapshot(who, List.copyOf(topicLabels), sentiments, rows, cards, incidentList, points);
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
