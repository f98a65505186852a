package dev.bellwether.alerts.notify;

import dev.bellwether.event.Alert;
import dev.bellwether.event.EpisodeEvidence;
import dev.bellwether.event.Headline;
import java.time.Instant;
import java.util.List;

/**
 * The figures a notification shows beside an alert's severity: those of the revision itself when
 * they reach that severity, else those of the episode's peak revision, which did. An alert is
 * critical for the whole episode once it was critical once; its later, calmer windows (and its
 * resolution) are shown with the figures that made it critical, never critical beside figures
 * below the warning level.
 *
 * @param peak whether these are the peak revision's figures rather than the revision's own
 * @param negativeShare negative share
 * @param baselineNegativeShare baseline negative share
 * @param ratio share over baseline share
 * @param zScore z-score
 * @param negativeStories distinct negative stories
 * @param baselineNegativeStories negative stories the baseline predicts
 * @param windowStart start of their window
 * @param windowEnd end of their window
 * @param headlines the headlines of that window
 */
record Figures(boolean peak, double negativeShare, double baselineNegativeShare, double ratio, double zScore,
    long negativeStories, double baselineNegativeStories, Instant windowStart, Instant windowEnd,
    List<Headline> headlines) {

  /**
   * The negative share over the share it was measured against. (The alert's own {@code ratio} is
   * that for the share rules, but negative stories over those expected for the surge rule.)
   */
  double shareRatio() {
    return baselineNegativeShare > 0 ? negativeShare / baselineNegativeShare : ratio;
  }

  /** The figures to show beside {@code alert}'s severity. */
  static Figures of(Alert alert) {
    EpisodeEvidence evidence = alert.evidence();
    if (evidence != null && alert.revisionSeverity() != alert.severity()
        && evidence.peak().severity() == alert.severity()) {
      EpisodeEvidence.Snapshot p = evidence.peak();
      return new Figures(true, p.negativeShare(), p.baselineNegativeShare(), p.ratio(), p.zScore(),
          p.negativeStories(), p.baselineNegativeStories(), p.windowStart(), p.windowEnd(), p.headlines());
    }
    return new Figures(false, alert.negativeShare(), alert.baselineNegativeShare(), alert.ratio(), alert.zScore(),
        alert.negativeStories(), alert.baselineNegativeStories(), alert.windowStart(), alert.windowEnd(),
        alert.headlines());
  }
}
