package dev.bellwether.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A negative-sentiment spike in one scope, as it stands after one window: the value of the
 * {@code alerts} topic, keyed by {@link #id()}.
 *
 * <p>One episode of a spike keeps one id; each later window of the same episode publishes the same
 * id with a higher {@code revision}, and the last one has status {@link Status#RESOLVED}.
 *
 * @param schemaVersion version of this contract
 * @param id deterministic id: hash of rule, scope and episode start
 * @param rule name of the rule that fired, e.g. {@code negative-spike}
 * @param scope scope key, e.g. {@code entity:ACME}
 * @param severity how far above baseline
 * @param status firing or resolved
 * @param episodeStart start of the first window of the episode
 * @param windowStart start of the window this revision describes
 * @param windowEnd end of the window this revision describes
 * @param negativeShare negative share of distinct stories in the window; when the sequential or
 *     the surge rule raised the revision (see the alerts module), of the stories since its
 *     evidence began, and likewise for {@code negativeStories}, {@code baselineNegativeStories},
 *     {@code zScore} and {@code ratio}
 * @param baselineNegativeShare baseline (moving average) negative share before the episode; for
 *     the surge rule, the negative share usual at that hour of the day
 * @param negativeStories distinct negative stories in the window
 * @param baselineNegativeStories baseline number of distinct negative stories per window; for the
 *     surge rule, the number expected over its stories' time at their hours of the day
 * @param zScore standard scores above baseline of the negative story count
 * @param ratio negative share over baseline negative share; for the surge rule, negative stories
 *     over those expected
 * @param headlines the headlines that drove it, most negative first, with links
 * @param models display ids of the models whose scores raised it
 * @param revision 1 for the first publication of the episode, then 2, 3, ...
 * @param updatedAt event time of this revision (the window end)
 * @param timeline the event-time timeline of the news that raised it: {@code live}, or an
 *     import's, whose alerts are history and never notified (absent in older records: live)
 * @param revisionSeverity the severity this revision's own figures reach, which {@code severity}
 *     (the episode's highest) may exceed; null when they are below the warning level, and in older
 *     records
 * @param evidence the episode's first, peak and latest revisions, each with its figures and
 *     headlines (absent in older records)
 * @param incident the incident the alert belongs to, as of this revision (absent in older records)
 */
public record Alert(
    int schemaVersion,
    String id,
    String rule,
    String scope,
    Severity severity,
    Status status,
    Instant episodeStart,
    Instant windowStart,
    Instant windowEnd,
    double negativeShare,
    double baselineNegativeShare,
    long negativeStories,
    double baselineNegativeStories,
    double zScore,
    double ratio,
    List<Headline> headlines,
    List<String> models,
    int revision,
    Instant updatedAt,
    String timeline,
    Severity revisionSeverity,
    EpisodeEvidence evidence,
    IncidentRef incident) {

  /** The contract version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  /** How far a spike stands above its baseline. */
  public enum Severity {
    @JsonProperty("warning")
    WARNING,
    @JsonProperty("critical")
    CRITICAL
  }

  /** Where an alert is in its life. */
  public enum Status {
    @JsonProperty("firing")
    FIRING,
    @JsonProperty("resolved")
    RESOLVED
  }

  /** Checks the identifying fields and copies the lists. */
  public Alert {
    schemaVersion = SchemaVersions.check(schemaVersion, SCHEMA_VERSION, "Alert");
    RawNewsItem.requireText(id, "id");
    RawNewsItem.requireText(rule, "rule");
    RawNewsItem.requireText(scope, "scope");
    Objects.requireNonNull(severity, "severity is missing");
    Objects.requireNonNull(status, "status is missing");
    Objects.requireNonNull(episodeStart, "episode_start is missing");
    headlines = headlines == null ? List.of() : List.copyOf(headlines);
    models = models == null ? List.of() : List.copyOf(models);
    timeline = Timelines.orLive(timeline);
  }

  /** An alert of {@code timeline} before its evidence and incident are attached. */
  public Alert(int schemaVersion, String id, String rule, String scope, Severity severity, Status status,
      Instant episodeStart, Instant windowStart, Instant windowEnd, double negativeShare, double baselineNegativeShare,
      long negativeStories, double baselineNegativeStories, double zScore, double ratio, List<Headline> headlines,
      List<String> models, int revision, Instant updatedAt, String timeline, Severity revisionSeverity) {
    this(schemaVersion, id, rule, scope, severity, status, episodeStart, windowStart, windowEnd, negativeShare,
        baselineNegativeShare, negativeStories, baselineNegativeStories, zScore, ratio, headlines, models, revision,
        updatedAt, timeline, revisionSeverity, null, null);
  }

  /** An alert of {@code timeline} that does not say the severity of its own figures. */
  public Alert(int schemaVersion, String id, String rule, String scope, Severity severity, Status status,
      Instant episodeStart, Instant windowStart, Instant windowEnd, double negativeShare, double baselineNegativeShare,
      long negativeStories, double baselineNegativeStories, double zScore, double ratio, List<Headline> headlines,
      List<String> models, int revision, Instant updatedAt, String timeline) {
    this(schemaVersion, id, rule, scope, severity, status, episodeStart, windowStart, windowEnd, negativeShare,
        baselineNegativeShare, negativeStories, baselineNegativeStories, zScore, ratio, headlines, models, revision,
        updatedAt, timeline, null, null, null);
  }

  /** A live alert. */
  public Alert(int schemaVersion, String id, String rule, String scope, Severity severity, Status status,
      Instant episodeStart, Instant windowStart, Instant windowEnd, double negativeShare, double baselineNegativeShare,
      long negativeStories, double baselineNegativeStories, double zScore, double ratio, List<Headline> headlines,
      List<String> models, int revision, Instant updatedAt) {
    this(schemaVersion, id, rule, scope, severity, status, episodeStart, windowStart, windowEnd, negativeShare,
        baselineNegativeShare, negativeStories, baselineNegativeStories, zScore, ratio, headlines, models, revision,
        updatedAt, Tick.LIVE);
  }

  /** This revision with {@code evidence} attached. */
  public Alert withEvidence(EpisodeEvidence evidence) {
    return new Alert(schemaVersion, id, rule, scope, severity, status, episodeStart, windowStart, windowEnd,
        negativeShare, baselineNegativeShare, negativeStories, baselineNegativeStories, zScore, ratio, headlines, models,
        revision, updatedAt, timeline, revisionSeverity, evidence, incident);
  }

  /** This revision with its incident attached. */
  public Alert withIncident(IncidentRef incident) {
    return new Alert(schemaVersion, id, rule, scope, severity, status, episodeStart, windowStart, windowEnd,
        negativeShare, baselineNegativeShare, negativeStories, baselineNegativeStories, zScore, ratio, headlines, models,
        revision, updatedAt, timeline, revisionSeverity, evidence, incident);
  }

  /** Whether the news that raised it is live rather than imported history. */
  public boolean live() {
    return Timelines.isLive(timeline);
  }

  /** The deterministic id of a live episode: the same rule, scope and start always give the same id. */
  public static String idOf(String rule, String scope, Instant episodeStart) {
    return idOf(rule, scope, episodeStart, Tick.LIVE);
  }

  /**
   * The deterministic id of an episode on {@code timeline}: the same rule, scope, start and
   * timeline always give the same id, and history imported over a live period never takes a live
   * alert's id.
   */
  public static String idOf(String rule, String scope, Instant episodeStart, String timeline) {
    String text = rule + '\n' + scope + '\n' + episodeStart;
    if (!Timelines.isLive(timeline)) {
      text += '\n' + timeline;
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] hash = sha.digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
