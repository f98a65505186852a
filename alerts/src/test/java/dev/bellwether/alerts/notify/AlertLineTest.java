package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertLineTest {

  static Alert alert(Alert.Severity severity, Alert.Status status, int revision, List<Headline> headlines) {
    Instant start = Instant.parse("2026-11-29T10:00:00Z");
    return new Alert(1, "3f2a9c0d1e2b3c4d5e6f", "negative-spike", "entity:ACME", severity, status, start, start,
        start.plusSeconds(900), 0.7142, 0.1234, 9, 1.26, 7.43, 5.79, headlines, List.of("finbert@1#ab12cd34ef56"),
        revision, start.plusSeconds(900));
  }

  static Headline headline(int i, String title) {
    return new Headline("i" + i, "s" + i, title, "https://news.example/" + i, "wire", Instant.EPOCH, -0.9 + i / 100.0);
  }

  @Test
  void saysWhatSpikedByHowMuchWhereAndWhichHeadlinesAndModelsOnOneLine() {
    List<Headline> headlines = List.of(
        headline(1, "ACME recalls\nevery \"widget\""), headline(2, "ACME CFO resigns"), headline(3, "ACME sued"),
        headline(4, "ACME downgraded"));
    String line = AlertLine.format(alert(Alert.Severity.WARNING, Alert.Status.FIRING, 1, headlines), AlertLine.Event.NEW);

    assertThat(line).isEqualTo(
        "ALERT WARNING new entity:ACME: negative share 0.71 vs baseline 0.12 (5.8x, z=7.4), 9 negative stories"
            + " vs baseline 1.3 in 15m window 2026-11-29 10:00-10:15Z"
            + " | \"ACME recalls every 'widget'\" <https://news.example/1> (-0.89);"
            + " \"ACME CFO resigns\" <https://news.example/2> (-0.88);"
            + " \"ACME sued\" <https://news.example/3> (-0.87); +1 more"
            + " | id=3f2a9c0d1e2b3c4d5e6f rev=1 model=finbert@1#ab12cd34ef56");
    assertThat(line).doesNotContain("\n").startsWith("ALERT ");
  }

  @Test
  void resolutionNamesTheEpisodeStart() {
    String line = AlertLine.format(alert(Alert.Severity.CRITICAL, Alert.Status.RESOLVED, 9, List.of()),
        AlertLine.Event.RESOLVED);
    assertThat(line).startsWith("ALERT CRITICAL resolved entity:ACME: ")
        .contains("episode since 2026-11-29 10:00Z")
        .doesNotContain(" | \"")
        .endsWith("| id=3f2a9c0d1e2b3c4d5e6f rev=9 model=finbert@1#ab12cd34ef56");
  }

  @Test
  void givesTheShareRatioBesideTheSharesWhenTheAlertsRatioCountsStories() {
    Instant start = Instant.parse("2026-11-29T10:00:00Z");
    Alert surge = new Alert(1, "3f2a9c0d1e2b3c4d5e6f", "negative-spike", "market", Alert.Severity.WARNING,
        Alert.Status.FIRING, start, start, start.plusSeconds(900), 0.5, 0.1, 12, 1.0, 6.1, 12.0, List.of(),
        List.of("m@1#ab"), 1, start.plusSeconds(900));
    assertThat(AlertLine.format(surge, AlertLine.Event.NEW))
        .contains("negative share 0.50 vs baseline 0.10 (5.0x, z=6.1), 12 negative stories vs baseline 1.0");
  }
}
