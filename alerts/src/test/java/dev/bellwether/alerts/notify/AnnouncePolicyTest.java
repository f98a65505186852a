package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.event.Alert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnouncePolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-29T10:20:00Z");
  private final AnnouncePolicy policy = new AnnouncePolicy(Duration.ofHours(6), Clock.fixed(NOW, ZoneOffset.UTC));

  private static AnnouncePolicy.Verdict judge(AnnouncePolicy policy, Alert.Severity s, Alert.Status st, int rev) {
    return policy.judge(AlertLineTest.alert(s, st, rev, List.of()));
  }

  @Test
  void announcesFirstRevisionEscalationAndResolutionOnly() {
    assertThat(judge(policy, Alert.Severity.WARNING, Alert.Status.FIRING, 1).event()).contains(AlertLine.Event.NEW);
    assertThat(judge(policy, Alert.Severity.WARNING, Alert.Status.FIRING, 2).decision())
        .isEqualTo(AnnouncePolicy.Decision.UPDATE);
    assertThat(judge(policy, Alert.Severity.CRITICAL, Alert.Status.FIRING, 3).event())
        .contains(AlertLine.Event.ESCALATED);
    assertThat(judge(policy, Alert.Severity.CRITICAL, Alert.Status.FIRING, 4).decision())
        .isEqualTo(AnnouncePolicy.Decision.UPDATE);
    assertThat(judge(policy, Alert.Severity.CRITICAL, Alert.Status.RESOLVED, 5).event())
        .contains(AlertLine.Event.RESOLVED);
  }

  @Test
  void adoptsAnUnknownEpisodeSilentlyAfterARestart() {
    assertThat(judge(policy, Alert.Severity.CRITICAL, Alert.Status.FIRING, 7).decision())
        .isEqualTo(AnnouncePolicy.Decision.UPDATE);
  }

  @Test
  void skipsAlertsOlderThanTheMaximumAge() {
    AnnouncePolicy later = new AnnouncePolicy(Duration.ofHours(6), Clock.fixed(NOW.plus(Duration.ofHours(7)), ZoneOffset.UTC));
    assertThat(judge(later, Alert.Severity.WARNING, Alert.Status.FIRING, 1).decision())
        .isEqualTo(AnnouncePolicy.Decision.STALE);
  }

  @Test
  void neverAnnouncesImportedHistoryWhateverItsAge() {
    Alert live = AlertLineTest.alert(Alert.Severity.CRITICAL, Alert.Status.FIRING, 1, List.of());
    Alert history = new Alert(live.schemaVersion(), live.id(), live.rule(), live.scope(), live.severity(), live.status(),
        live.episodeStart(), live.windowStart(), live.windowEnd(), live.negativeShare(), live.baselineNegativeShare(),
        live.negativeStories(), live.baselineNegativeStories(), live.zScore(), live.ratio(), live.headlines(),
        live.models(), live.revision(), live.updatedAt(), "import-20261129T100000Z-00ff");
    assertThat(policy.judge(history).decision()).isEqualTo(AnnouncePolicy.Decision.HISTORY);
    assertThat(policy.judge(live).decision()).isEqualTo(AnnouncePolicy.Decision.ANNOUNCE);
  }
}
