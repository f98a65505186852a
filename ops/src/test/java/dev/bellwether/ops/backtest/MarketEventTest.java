package dev.bellwether.ops.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bellwether.UserFacingException;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import dev.bellwether.event.RawNewsItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarketEventTest {

  private static final Instant T = Instant.parse("2023-01-25T00:00:00Z");

  @TempDir Path dir;

  private static RawNewsItem item(String title, Instant at) {
    return RawNewsItem.of(title, "wire", "", title, "a summary naming Acme", at, at, List.of());
  }

  private static Alert alert(String id, String scope, int revision, Instant end, double z, Alert.Status status,
      String headline) {
    List<Headline> headlines = headline == null ? List.of()
        : List.of(new Headline("i", "s", headline, "", "wire", end, -0.9));
    return new Alert(1, id, "negative-spike", scope, Alert.Severity.WARNING, status, end.minusSeconds(900),
        end.minusSeconds(900), end, 0.5, 0.1, 5, 1.0, z, 5.0, headlines, List.of("m"), revision, end, "backtest");
  }

  @Test
  void readsTimeScopePatternLabelAndWordsSkippingCommentsAndBlankLines() throws Exception {
    Path file = dir.resolve("events.csv");
    Files.writeString(file, "# known shocks\n\n2023-01-25T04:00:00Z,topic:*,short-seller report,Acme|Acme Group\n"
        + "2023-01-26\tmarket\tsell-off\n");
    List<MarketEvent> events = MarketEvent.read(file);
    assertThat(events).hasSize(2);
    assertThat(events.get(0).at()).isEqualTo(Instant.parse("2023-01-25T04:00:00Z"));
    assertThat(events.get(0).scopes().matches("topic:Stock Movement")).isTrue();
    assertThat(events.get(0).words()).containsExactly("Acme", "Acme Group");
    assertThat(events.get(1).line()).isEqualTo(4);
    assertThat(events.get(1).words()).isEmpty();
  }

  @Test
  void refusesABadLineNamingTheFileAndLine() throws Exception {
    Path file = dir.resolve("events.csv");
    Files.writeString(file, "2023-01-25T04:00:00Z,market\n");
    assertThatThrownBy(() -> MarketEvent.read(file)).isInstanceOf(UserFacingException.class)
        .hasMessageContaining("events.csv:1").hasMessageContaining("TIME,SCOPE-PATTERN,LABEL");
    Files.writeString(file, "yesterday,market,x\n");
    assertThatThrownBy(() -> MarketEvent.read(file)).isInstanceOf(UserFacingException.class)
        .hasMessageContaining("events.csv:1").hasMessageContaining("yesterday");
    Files.writeString(file, "2023-01-25,topic:Stock Movement,x\n");
    assertThatThrownBy(() -> MarketEvent.read(file)).isInstanceOf(UserFacingException.class)
        .hasMessageContaining("events.csv:1").hasMessageContaining("topic:Stock Movement");
  }

  @Test
  void countsFromTheFirstHeadlineNamingAWholeWordAndTakesTheFirstAlertOfItsScopesNamingIt() {
    MarketEvent event = MarketEvent.parse("t", 1, "2023-01-25T00:00:00Z,topic:*,report,Acme");
    List<RawNewsItem> items = List.of(
        item("Acme was fine yesterday", T.minusSeconds(60)),
        item("Acmeville floods", T.plusSeconds(60)),
        item("Markets calm", T.plusSeconds(120)),
        item("ACME shares fall after short-seller report", T.plusSeconds(3600)));
    assertThat(event.firstStory(items).title()).startsWith("ACME shares fall");

    Instant from = T.plusSeconds(3600);
    List<AlertEpisode> episodes = AlertEpisode.of(List.of(
        alert("early", "topic:Markets", 1, from.minusSeconds(60), 4.0, Alert.Status.FIRING, "Acme shares fall"),
        alert("market", "market", 1, from.plusSeconds(600), 4.0, Alert.Status.FIRING, "Acme shares fall"),
        alert("other", "topic:Markets", 1, from.plusSeconds(900), 4.0, Alert.Status.FIRING, "Bonds rally"),
        alert("named", "topic:Markets", 1, from.plusSeconds(1200), 4.0, Alert.Status.FIRING, "Acme rout deepens")));
    assertThat(event.firstAlert(episodes, from).id()).isEqualTo("named");
  }

  @Test
  void groupsRevisionsIntoEpisodesWithTheirPeakAndResolution() {
    Instant t = T;
    List<AlertEpisode> episodes = AlertEpisode.of(List.of(
        alert("b", "market", 1, t.plusSeconds(600), 3.0, Alert.Status.FIRING, "x"),
        alert("a", "topic:Macro", 2, t.plusSeconds(120), 6.0, Alert.Status.FIRING, "y"),
        alert("a", "topic:Macro", 1, t.plusSeconds(60), 4.0, Alert.Status.FIRING, "z"),
        alert("a", "topic:Macro", 3, t.plusSeconds(180), 1.0, Alert.Status.RESOLVED, null)));
    assertThat(episodes).extracting(AlertEpisode::id).containsExactly("a", "b");
    AlertEpisode a = episodes.get(0);
    assertThat(a.firstFiredAt()).isEqualTo(t.plusSeconds(60));
    assertThat(a.peak().zScore()).isEqualTo(6.0);
    assertThat(a.resolvedAt()).isEqualTo(t.plusSeconds(180));
    assertThat(a.revisions()).isEqualTo(3);
    assertThat(a.headlines()).extracting(Headline::title).containsExactly("z");
    assertThat(episodes.get(1).resolvedAt()).as("still open").isNull();
  }
}
