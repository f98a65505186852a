package dev.bellwether.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Alerts of several scopes raised by one event, as one thing to act on: the value of the
 * {@code incidents} topic, keyed by {@link #id()}. Alerts whose windows share stories, or whose
 * headlines are about the same entity, and that fire within a short span of one another join one
 * incident (see the alerts module's {@code IncidentBook}).
 *
 * <p>Each change (an alert joins, escalates, updates or resolves) publishes the next revision; the
 * incident resolves when its last alert does.
 *
 * @param schemaVersion version of this contract
 * @param id deterministic id, derived from the id of the alert that opened it
 * @param timeline the timeline of its alerts ({@code live}, or an import's)
 * @param status firing while any of its alerts fires
 * @param severity the highest severity any of its alerts reached
 * @param leadScope the scope that names it: its first entity scope, else its first scope
 * @param scopes every scope, in the order they joined
 * @param entities the entities that tie its alerts together
 * @param openedAt event time of its first alert's first revision (that window's end)
 * @param updatedAt event time of the alert revision behind this revision
 * @param revision 1 when opened, then 2, 3, ...
 * @param alerts its alerts, in the order they joined, each as of its latest revision
 * @param headlines the most negative headlines of its alerts, one per story, most negative first
 */
public record Incident(
    int schemaVersion,
    String id,
    String timeline,
    Alert.Status status,
    Alert.Severity severity,
    String leadScope,
    List<String> scopes,
    List<String> entities,
    Instant openedAt,
    Instant updatedAt,
    int revision,
    List<Member> alerts,
    List<Headline> headlines) {

  /** The contract version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * One alert of an incident, as of its latest revision.
   *
   * @param alertId the alert id
   * @param scope its scope
   * @param severity the highest severity it reached
   * @param status firing or resolved
   * @param episodeStart start of its episode's first window
   * @param firstFiredAt event time of its first revision
   * @param revision its latest revision
   * @param negativeShare its peak revision's negative share
   * @param ratio its peak revision's ratio to baseline
   * @param zScore its peak revision's z-score
   * @param negativeStories its peak revision's distinct negative stories
   */
  public record Member(
      String alertId, String scope, Alert.Severity severity, Alert.Status status, Instant episodeStart,
      Instant firstFiredAt, int revision, double negativeShare, double ratio, double zScore, long negativeStories) {}

  /** Checks the identifying fields and copies the lists. */
  public Incident {
    schemaVersion = SchemaVersions.check(schemaVersion, SCHEMA_VERSION, "Incident");
    RawNewsItem.requireText(id, "id");
    Objects.requireNonNull(status, "status is missing");
    Objects.requireNonNull(severity, "severity is missing");
    timeline = Timelines.orLive(timeline);
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    entities = entities == null ? List.of() : List.copyOf(entities);
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
    headlines = headlines == null ? List.of() : List.copyOf(headlines);
  }

  /** Whether its alerts are live rather than imported history. */
  public boolean live() {
    return Timelines.isLive(timeline);
  }

  /** The reference an alert revision of this incident carries. */
  public IncidentRef ref() {
    return new IncidentRef(id, revision, leadScope, scopes, openedAt, status);
  }

  /** The deterministic id of the incident opened by alert {@code alertId}. */
  public static String idOf(String alertId) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(("incident\n" + alertId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
