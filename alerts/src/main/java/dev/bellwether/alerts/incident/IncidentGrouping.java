package dev.bellwether.alerts.incident;

import dev.bellwether.config.IncidentsConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.EpisodeEvidence;
import dev.bellwether.event.Headline;
import dev.bellwether.event.Incident;
import dev.bellwether.event.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The grouping of alert revisions into incidents, without Kafka: given a timeline's book of open
 * incidents and the next alert revision, it returns the new book, the revision with its episode
 * evidence and its incident attached, and the incident's next revision.
 *
 * <p>An alert not yet in an incident joins the open incident that it is linked to and whose latest
 * alert joined within the span before it fired: linked means a story in common among their
 * headlines, or an entity in common, an alert's entities being its own (for an entity's alert)
 * and those that at least half of its headlines' stories are about (two at least). Otherwise it
 * opens an incident of its own, whose id derives from the alert's. Each alert keeps its episode
 * evidence ({@link EpisodeEvidence}: first, peak and latest revision) while its incident is open;
 * an incident is resolved, and forgotten, once all of its alerts have resolved.
 *
 * <p>Bounded: at most {@link #MAX_OPEN} open incidents per timeline (the least recently updated
 * is forgotten first; its alerts' next revisions open a new incident) and {@link #MAX_MEMBERS}
 * alerts per incident; each alert keeps at most {@link #MAX_STORIES} story ids.
 */
public final class IncidentGrouping {

  /** Most open incidents per timeline. */
  static final int MAX_OPEN = 500;
  /** Most alerts per incident; further linked alerts open incidents of their own. */
  static final int MAX_MEMBERS = 100;
  /** Most story ids kept per alert. */
  static final int MAX_STORIES = 64;
  /** Most entities kept per alert. */
  static final int MAX_ENTITIES = 16;

  private final Duration span;
  private final int topHeadlines;

  /**
   * The outcome of one alert revision.
   *
   * @param book the timeline's incidents after it
   * @param alert the revision with its evidence and incident attached
   * @param incident the incident's revision it produced
   */
  public record Outcome(IncidentBook book, Alert alert, Incident incident) {}

  /** A grouping under {@code config}, an incident listing at most twice {@code topHeadlines} headlines. */
  public IncidentGrouping(IncidentsConfig config, int topHeadlines) {
    this.span = config.span();
    this.topHeadlines = topHeadlines;
  }

  /** Takes {@code alert} into {@code book} (null: none yet). */
  public Outcome accept(IncidentBook book, Alert alert) {
    List<IncidentBook.Open> open = new ArrayList<>(book == null ? List.of() : book.open());
    int at = indexOf(open, alert.id());
    IncidentBook.Open incident;
    IncidentBook.Member member;
    Instant when = alert.updatedAt() == null ? alert.episodeStart() : alert.updatedAt();
    if (at >= 0) {
      incident = open.remove(at);
      IncidentBook.Member known = memberOf(incident, alert.id());
      if (alert.revision() <= known.revision()) {
        // A revision seen already (a replay): attach what is known, change nothing.
        Alert stamped = alert.withEvidence(known.evidence()).withIncident(toIncident(incident, alert).ref());
        open.add(at, incident);
        return new Outcome(new IncidentBook(open), stamped, toIncident(incident, alert));
      }
      member = update(known, alert);
      incident = replace(incident, member, when, false);
    } else {
      member = newMember(alert);
      int joined = span.isZero() ? -1 : linked(open, member, when);
      if (joined >= 0) {
        incident = replace(open.remove(joined), member, when, true);
      } else {
        incident = new IncidentBook.Open(Incident.idOf(alert.id()), 0, when, when, when, List.of());
        incident = replace(incident, member, when, true);
      }
    }
    Incident published = toIncident(incident, alert);
    if (published.status() == Alert.Status.FIRING) {
      open.add(incident);
      while (open.size() > MAX_OPEN) {
        open.remove(leastRecentlyUpdated(open));
      }
    }
    Alert stamped = alert.withEvidence(member.evidence()).withIncident(published.ref());
    return new Outcome(new IncidentBook(open), stamped, published);
  }

  private static int indexOf(List<IncidentBook.Open> open, String alertId) {
    for (int i = 0; i < open.size(); i++) {
      if (memberOf(open.get(i), alertId) != null) {
        return i;
      }
    }
    return -1;
  }

  private static IncidentBook.Member memberOf(IncidentBook.Open incident, String alertId) {
    for (IncidentBook.Member m : incident.members()) {
      if (m.alertId().equals(alertId)) {
        return m;
      }
    }
    return null;
  }

  /**
   * The open incident {@code member} joins, or -1 for none: among those joinable at {@code when}, the
   * one it shares most with (each story one point, each entity two; the earliest opened on a tie).
   * A market alert whose headlines touch two events thus joins the one most of them are about.
   */
  private int linked(List<IncidentBook.Open> open, IncidentBook.Member member, Instant when) {
    Set<String> stories = new HashSet<>(member.stories());
    Set<String> entities = new HashSet<>(member.entities());
    int best = -1;
    long bestScore = 0;
    for (int i = 0; i < open.size(); i++) {
      IncidentBook.Open incident = open.get(i);
      if (incident.members().size() >= MAX_MEMBERS || when.isAfter(incident.lastJoinedAt().plus(span))) {
        continue;
      }
      Set<String> sharedStories = new HashSet<>();
      Set<String> sharedEntities = new HashSet<>();
      for (IncidentBook.Member m : incident.members()) {
        m.stories().stream().filter(stories::contains).forEach(sharedStories::add);
        m.entities().stream().filter(entities::contains).forEach(sharedEntities::add);
      }
      long score = sharedStories.size() + 2L * sharedEntities.size();
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    return best;
  }

  private static IncidentBook.Member newMember(Alert alert) {
    EpisodeEvidence evidence = alert.evidence() != null ? alert.evidence() : EpisodeEvidence.start(alert);
    return new IncidentBook.Member(alert.id(), alert.scope(), alert.severity(), alert.status(), alert.episodeStart(),
        alert.revision(), evidence, storiesOf(evidence, List.of()), entitiesOf(alert.scope(), evidence));
  }

  private static IncidentBook.Member update(IncidentBook.Member known, Alert alert) {
    EpisodeEvidence evidence = known.evidence().next(alert);
    return new IncidentBook.Member(known.alertId(), known.scope(), alert.severity(), alert.status(),
        known.episodeStart(), alert.revision(), evidence, storiesOf(evidence, known.stories()),
        union(known.entities(), entitiesOf(known.scope(), evidence), MAX_ENTITIES));
  }

  /** {@code incident} with {@code member} in place (or added when it {@code joins}), one revision later. */
  private static IncidentBook.Open replace(IncidentBook.Open incident, IncidentBook.Member member, Instant when,
      boolean joins) {
    List<IncidentBook.Member> members = new ArrayList<>(incident.members());
    boolean replaced = false;
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).alertId().equals(member.alertId())) {
        members.set(i, member);
        replaced = true;
      }
    }
    if (!replaced) {
      members.add(member);
    }
    Instant joined = joins && when.isAfter(incident.lastJoinedAt()) ? when : incident.lastJoinedAt();
    Instant updated = when.isAfter(incident.updatedAt()) ? when : incident.updatedAt();
    return new IncidentBook.Open(incident.id(), incident.revision() + 1, incident.openedAt(), joined, updated, members);
  }

  private static int leastRecentlyUpdated(List<IncidentBook.Open> open) {
    int oldest = 0;
    for (int i = 1; i < open.size(); i++) {
      if (open.get(i).updatedAt().isBefore(open.get(oldest).updatedAt())) {
        oldest = i;
      }
    }
    return oldest;
  }

  /** The incident as published, after the revision {@code alert} took. */
  private Incident toIncident(IncidentBook.Open incident, Alert alert) {
    Alert.Severity severity = Alert.Severity.WARNING;
    boolean firing = false;
    String lead = null;
    List<String> scopes = new ArrayList<>();
    Set<String> entities = new LinkedHashSet<>();
    List<Incident.Member> members = new ArrayList<>();
    Map<String, Headline> byStory = new LinkedHashMap<>();
    for (IncidentBook.Member m : incident.members()) {
      if (m.severity() == Alert.Severity.CRITICAL) {
        severity = Alert.Severity.CRITICAL;
      }
      firing |= m.status() == Alert.Status.FIRING;
      scopes.add(m.scope());
      if (lead == null && kindOf(m.scope()) == Scope.Kind.ENTITY) {
        lead = m.scope();
      }
      entities.addAll(m.entities());
      EpisodeEvidence.Snapshot peak = m.evidence().peak();
      members.add(new Incident.Member(m.alertId(), m.scope(), m.severity(), m.status(), m.episodeStart(),
          m.evidence().first().updatedAt(), m.revision(), peak.negativeShare(), peak.ratio(), peak.zScore(),
          peak.negativeStories()));
      for (EpisodeEvidence.Snapshot s : List.of(m.evidence().peak(), m.evidence().first())) {
        for (Headline h : s.headlines()) {
          byStory.merge(h.storyId() == null ? h.itemId() : h.storyId(), h, (a, b) -> b.score() < a.score() ? b : a);
        }
      }
    }
    List<Headline> headlines = byStory.values().stream()
        .sorted(Comparator.comparingDouble(Headline::score)).limit(2L * topHeadlines).toList();
    return new Incident(Incident.SCHEMA_VERSION, incident.id(), alert.timeline(),
        firing ? Alert.Status.FIRING : Alert.Status.RESOLVED, severity, lead == null ? scopes.get(0) : lead, scopes,
        List.copyOf(entities), incident.openedAt(), incident.updatedAt(), incident.revision(), members, headlines);
  }

  /** Story ids of the evidence's headlines, after those already {@code known}, at most {@link #MAX_STORIES}. */
  private static List<String> storiesOf(EpisodeEvidence evidence, List<String> known) {
    Set<String> stories = new LinkedHashSet<>(known);
    for (EpisodeEvidence.Snapshot s : List.of(evidence.first(), evidence.peak(), evidence.latest())) {
      for (Headline h : s.headlines()) {
        if (stories.size() >= MAX_STORIES) {
          return List.copyOf(stories);
        }
        stories.add(h.storyId() == null ? h.itemId() : h.storyId());
      }
    }
    return List.copyOf(stories);
  }

  /**
   * The entities an alert is about: its own when it is an entity's, and each entity that at least
   * half of the stories among its first and peak headlines name (two stories at least).
   */
  static List<String> entitiesOf(String scope, EpisodeEvidence evidence) {
    Set<String> out = new LinkedHashSet<>();
    Scope parsed = parse(scope);
    if (parsed != null && parsed.kind() == Scope.Kind.ENTITY) {
      out.add(parsed.name());
    }
    Map<String, Set<String>> storiesByEntity = new LinkedHashMap<>();
    Set<String> stories = new HashSet<>();
    for (EpisodeEvidence.Snapshot s : List.of(evidence.first(), evidence.peak())) {
      for (Headline h : s.headlines()) {
        String story = h.storyId() == null ? h.itemId() : h.storyId();
        stories.add(story);
        for (String e : h.entities()) {
          storiesByEntity.computeIfAbsent(e, k -> new HashSet<>()).add(story);
        }
      }
    }
    Map<String, Integer> counts = new HashMap<>();
    storiesByEntity.forEach((e, s) -> counts.put(e, s.size()));
    counts.entrySet().stream()
        .filter(e -> e.getValue() >= 2 && 2 * e.getValue() >= stories.size())
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.add(e.getKey()));
    return out.stream().limit(MAX_ENTITIES).toList();
  }

  private static List<String> union(List<String> a, List<String> b, int max) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return out.stream().limit(max).toList();
  }

  private static Scope.Kind kindOf(String scope) {
    Scope parsed = parse(scope);
    return parsed == null ? null : parsed.kind();
  }

  private static Scope parse(String scope) {
    try {
      return Scope.parse(scope);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
