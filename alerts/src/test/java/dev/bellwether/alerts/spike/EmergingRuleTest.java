package dev.bellwether.alerts.spike;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bellwether.alerts.window.ClosedWindow;
import dev.bellwether.config.SpikeRuleConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.WindowStats;
import dev.bellwether.kafka.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The emerging rule on one scope: a company that was seldom or never in the news gets negative
 * stories from several sources within two hours. Windows close only when they hold stories, as in
 * Streams; the detector fills the minutes between.
 */
class EmergingRuleTest {

  /** A Monday at midnight. */
  private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
  private static final int SIZE = 15;
  private static final long DAY = 24 * 60;

  /** The shipped rules: surge rule, and the emerging rule at 2 negative stories within 120 minutes after at most 5. */
  private static SpikeRuleConfig rule(int emergingMinNegative) {
    return new SpikeRuleConfig(30, 240, 3, 1.5, 3.0, 5.0, 2.0, 3.0, 10, 3.0, 0.0, false, List.of(2.0, 4.0, 8.0), 10.0,
        1.5, 2, 0.5, 7, emergingMinNegative, 5, 120);
  }

  /** One scope: stories at given minutes, fed window by window. */
  private static final class Scope {
    final String key;
    final SpikeDetector detector;
    final TreeMap<Long, long[]> minutes = new TreeMap<>(); // minute -> {stories, negatives, source of negatives}
    final List<Alert> alerts = new ArrayList<>();
    ScopeState state;

    Scope(String key, SpikeRuleConfig rule) {
      this.key = key;
      this.detector = new SpikeDetector(rule, Duration.ofMinutes(SIZE), Duration.ofMinutes(1));
    }

    /** A story at {@code minute}, negative or not, from {@code source}; the windows it closes are fed at once. */
    Scope story(long minute, boolean negative, long source) {
      minutes.put(minute, new long[] {1, negative ? 1 : 0, source});
      for (long end = minute + 1; end <= minute + SIZE; end++) {
        close(end);
      }
      return this;
    }

    private void close(long end) {
      if (state != null && !T0.plus(Duration.ofMinutes(end)).isAfter(state.lastWindowEnd())) {
        return;
      }
      long all = 0;
      long negative = 0;
      for (long[] m : minutes.subMap(end - SIZE, end).values()) {
        all += m[0];
        negative += m[1];
      }
      long[] newest = minutes.get(end - 1);
      long newStories = newest == null ? 0 : newest[0];
      long newNegative = newest == null ? 0 : newest[1];
      long[] sources = newNegative == 0 ? new long[0] : new long[] {newest[2]};
      Instant windowEnd = T0.plus(Duration.ofMinutes(end));
      WindowStats w = new WindowStats(1, key, windowEnd.minus(Duration.ofMinutes(SIZE)), windowEnd, all, negative, 0,
          all - negative, all, negative, all == 0 ? 0 : (double) negative / all, 0.0, List.of(), List.of("m@1#abc"));
      SpikeDetector.Step step = detector.onWindow(state, new ClosedWindow(w, newStories, newNegative, sources));
      state = step.state();
      alerts.addAll(step.alerts());
    }

    List<Alert> opened() {
      return alerts.stream().filter(a -> a.revision() == 1).toList();
    }
  }

  @Test
  void aCompanyNewToTheNewsAlertsOnItsSecondNegativeStoryFromASecondSource() {
    Scope adani = new Scope("entity:ADANI", rule(2));
    adani.story(7 * DAY + 281, true, 1); // the first report
    assertThat(adani.alerts).as("one story").isEmpty();
    adani.story(7 * DAY + 363, true, 2); // a second feed, 82 minutes later

    assertThat(adani.opened()).hasSize(1);
    Alert alert = adani.opened().get(0);
    assertThat(alert.windowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(7 * DAY + 364)));
    assertThat(alert.severity()).isEqualTo(Alert.Severity.WARNING);
    assertThat(alert.negativeStories()).isEqualTo(2);
    assertThat(alert.baselineNegativeStories()).as("one negative story a week, over two hours").isCloseTo(120.0 / (7 * DAY),
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(alert.ratio()).isGreaterThan(50.0);
  }

  @Test
  void oneSourceTwiceStoriesHoursApartOrAPositiveStoryRaiseNothing() {
    assertThat(new Scope("entity:ACME", rule(2)).story(100, true, 1).story(150, true, 1).alerts).as("one source").isEmpty();
    assertThat(new Scope("entity:ACME", rule(2)).story(100, true, 1).story(300, true, 2).alerts).as("200 minutes apart")
        .isEmpty();
    assertThat(new Scope("entity:ACME", rule(2)).story(100, true, 1).story(150, false, 2).alerts).as("one negative")
        .isEmpty();
  }

  @Test
  void aCompanyOftenInTheNewsIsLeftToTheSurgeRule() {
    Scope busy = new Scope("entity:ACME", rule(2));
    for (int day = 0; day < 6; day++) {
      busy.story(day * DAY + 600, false, 1); // six neutral stories in the week before
    }
    busy.story(6 * DAY + 700, true, 1).story(6 * DAY + 760, true, 2);
    assertThat(busy.opened()).isEmpty();

    Scope fewer = new Scope("entity:ACME", rule(2));
    for (int day = 0; day < 5; day++) {
      fewer.story(day * DAY + 600, false, 1); // five: still seldom in the news
    }
    fewer.story(6 * DAY + 700, true, 1).story(6 * DAY + 760, true, 2);
    assertThat(fewer.opened()).hasSize(1);
  }

  @Test
  void itFiresOncePerScopeInRateDaysAndNeverForTopicsOrWhenOff() {
    Scope adani = new Scope("entity:ADANI", rule(2));
    adani.story(100, true, 1).story(130, true, 2);
    adani.story(3 * DAY, true, 3).story(3 * DAY + 30, true, 4); // two days later, fresh stories: still silent
    assertThat(adani.opened()).hasSize(1);

    assertThat(new Scope("topic:Markets", rule(2)).story(100, true, 1).story(130, true, 2).alerts).isEmpty();
    assertThat(new Scope("entity:ADANI", rule(0)).story(100, true, 1).story(130, true, 2).alerts).isEmpty();
  }

  @Test
  void itsMemoryIsKeptInTheStoredStateAndAnOlderStateReadsAsNothingSeen() throws Exception {
    Scope adani = new Scope("entity:ADANI", rule(2));
    adani.story(100, true, 1);
    ObjectMapper json = Json.mapper();
    ScopeState restored = json.readValue(json.writeValueAsBytes(adani.state), ScopeState.class);
    assertThat(restored.emergence()).isEqualTo(adani.state.emergence());
    assertThat(restored.emergence().advances()).hasSize(1);

    String older = json.writeValueAsString(adani.state).replaceAll(",\"emergence\":\\{.*\\}\\}$", "}");
    assertThat(older).doesNotContain("emergence");
    assertThat(json.readValue(older, ScopeState.class).emergence()).isEqualTo(Emergence.NONE);
  }
}
