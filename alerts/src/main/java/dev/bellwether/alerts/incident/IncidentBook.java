package dev.bellwether.alerts.incident;

import dev.bellwether.event.Alert;
import dev.bellwether.event.EpisodeEvidence;
import java.time.Instant;
import java.util.List;

/**
 * The open incidents of one timeline with the evidence of each of their alerts: the value of the
 * incident store, keyed by timeline.
 *
 * @param open the open incidents, oldest first
 */
public record IncidentBook(List<Open> open) {

  /** Copies the list. */
  public IncidentBook {
    open = open == null ? List.of() : List.copyOf(open);
  }

  /** A book with no incident. */
  public static IncidentBook empty() {
    return new IncidentBook(List.of());
  }

  /**
   * One open incident.
   *
   * @param id its id
   * @param revision its latest revision
   * @param openedAt event time of its first alert's first revision
   * @param lastJoinedAt event time the latest alert joined: an alert may join within the span after it
   * @param updatedAt event time of the latest alert revision it took
   * @param members its alerts, in the order they joined
   */
  public record Open(String id, int revision, Instant openedAt, Instant lastJoinedAt, Instant updatedAt,
      List<Member> members) {

    /** Copies the members. */
    public Open {
      members = members == null ? List.of() : List.copyOf(members);
    }
  }

  /**
   * One alert of an open incident, as of its latest revision.
   *
   * @param alertId the alert id
   * @param scope its scope
   * @param severity the highest severity it reached
   * @param status firing or resolved
   * @param episodeStart start of its episode's first window
   * @param revision its latest revision
   * @param evidence its first, peak and latest revisions
   * @param stories story ids of its headlines (bounded)
   * @param entities entities its headlines are mostly about, and its own when it is an entity's
   */
  public record Member(String alertId, String scope, Alert.Severity severity, Alert.Status status,
      Instant episodeStart, int revision, EpisodeEvidence evidence, List<String> stories, List<String> entities) {

    /** Copies the lists. */
    public Member {
      stories = stories == null ? List.of() : List.copyOf(stories);
      entities = entities == null ? List.of() : List.copyOf(entities);
    }
  }
}
