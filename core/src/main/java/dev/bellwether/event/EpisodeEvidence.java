package dev.bellwether.event;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The evidence one alert episode keeps, so that an alert can be judged after its spike has
 * passed: the revision that first fired, the peak revision and the latest one, each with its own
 * figures, the severity those figures reach, and the headlines of its window.
 *
 * <p>An episode's {@link Alert#severity()} is the highest it reached; {@link #peak()} is the
 * revision whose figures reached it, so a severity is always shown beside figures that reach it.
 *
 * @param first the revision that opened the episode
 * @param peak the most severe revision so far (the highest z-score among equally severe ones; the
 *     earliest among equal ones)
 * @param latest the latest revision
 */
public record EpisodeEvidence(Snapshot first, Snapshot peak, Snapshot latest) {

  /** Checks that all three are present. */
  public EpisodeEvidence {
    Objects.requireNonNull(first, "evidence.first is missing");
    Objects.requireNonNull(peak, "evidence.peak is missing");
    Objects.requireNonNull(latest, "evidence.latest is missing");
  }

  /**
   * One revision of an episode as it was published: its window, its figures and its headlines.
   *
   * @param revision the alert revision
   * @param severity the severity its own figures reach; null when they are below the warning level
   *     (a quiet window of an open episode)
   * @param windowStart start of its window
   * @param windowEnd end of its window
   * @param negativeShare its negative share (see {@link Alert})
   * @param baselineNegativeShare the baseline negative share it was measured against
   * @param negativeStories its distinct negative stories
   * @param baselineNegativeStories the negative stories the baseline predicts
   * @param zScore its z-score
   * @param ratio its share over the baseline share
   * @param headlines the headlines of its window, most negative first, with links
   * @param updatedAt event time of the revision (its window end)
   */
  public record Snapshot(
      int revision,
      Alert.Severity severity,
      Instant windowStart,
      Instant windowEnd,
      double negativeShare,
      double baselineNegativeShare,
      long negativeStories,
      double baselineNegativeStories,
      double zScore,
      double ratio,
      List<Headline> headlines,
      Instant updatedAt) {

    /** Copies the headlines. */
    public Snapshot {
      headlines = headlines == null ? List.of() : List.copyOf(headlines);
    }

    /**
     * The snapshot of one revision. A revision written before revisions said their own severity
     * counts as below the warning level: its figures are shown, never beside a severity they may
     * not reach.
     */
    public static Snapshot of(Alert alert) {
      return new Snapshot(alert.revision(), alert.revisionSeverity(), alert.windowStart(), alert.windowEnd(), alert.negativeShare(),
          alert.baselineNegativeShare(), alert.negativeStories(), alert.baselineNegativeStories(), alert.zScore(),
          alert.ratio(), alert.headlines(), alert.updatedAt());
    }
  }

  /** Orders snapshots by how severe they are: severity (none lowest), then z-score. */
  private static final Comparator<Snapshot> SEVERITY =
      Comparator.comparingInt((Snapshot s) -> s.severity() == null ? -1 : s.severity().ordinal())
          .thenComparingDouble(Snapshot::zScore);

  /** The evidence of an episode whose first revision is {@code alert}. */
  public static EpisodeEvidence start(Alert alert) {
    Snapshot s = Snapshot.of(alert);
    return new EpisodeEvidence(s, s, s);
  }

  /**
   * This evidence with {@code alert}, a later revision of the same episode, as the latest, and as
   * the peak when it is more severe than the peak so far. A revision not after the latest changes
   * nothing.
   */
  public EpisodeEvidence next(Alert alert) {
    if (alert.revision() <= latest.revision()) {
      return this;
    }
    Snapshot s = Snapshot.of(alert);
    return new EpisodeEvidence(first, SEVERITY.compare(s, peak) > 0 ? s : peak, s);
  }
}
