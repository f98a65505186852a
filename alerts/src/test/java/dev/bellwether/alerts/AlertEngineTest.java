package dev.bellwether.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.alerts.spike.ScopeState;
import dev.bellwether.alerts.time.TimelineClock;
import dev.bellwether.alerts.window.MemoryBins;
import dev.bellwether.alerts.window.ScopeFanOut;
import dev.bellwether.event.Alert;
import dev.bellwether.event.EntitySentiment;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.Scope;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.Tick;
import dev.bellwether.event.Timelines;
import dev.bellwether.event.TopicPrediction;
import dev.bellwether.event.WindowStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The alerting engine's event time: windows close on the least progress of all source
 * partitions, so however the partitions' records interleave, the windows are those of the same
 * news read in order; items are late only when late in their own partition; imported history
 * has a timeline of its own.
 */
class AlertEngineTest {

  private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");
  private static final long SIZE = Duration.ofMinutes(15).toMillis();
  private static final long ADVANCE = Duration.ofMinutes(1).toMillis();

  /** An engine over memory for {@code sources} partitions, collecting what it emits. */
  private static final class Run implements AlertEngine.Sink {
    final int sources;
    final Map<String, ScopeState> states = new HashMap<>();
    final Map<String, TimelineClock> clocks = new HashMap<>();
    final MemoryBins bins = new MemoryBins();
    final List<WindowStats> windows = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    final List<ScoredNewsItem> late = new ArrayList<>();
    final AlertEngine engine;
    final Map<String, Long> sent = new HashMap<>();

    Run(int sources) {
      this(sources, AlertingHarness.config(3));
    }

    Run(int sources, dev.bellwether.config.AlertsConfig config) {
      this.sources = sources;
      engine = new AlertEngine(config, sources, bins, AlertEngine.ScopeStates.of(states),
          AlertEngine.Clocks.of(clocks::get, clocks::put), this,
          new AlertingMeters(new SimpleMeterRegistry(), 10));
    }

    /** What the fan-out does for one item read from {@code source}: its scope copies, then the source's time. */
    void read(int source, ScoredNewsItem item) {
      for (Scope scope : ScopeFanOut.ALL.scopesOf(item)) {
        engine.item(scope.key(), item);
      }
      long at = item.item().publishedAt().toEpochMilli();
      String key = item.item().timeline() + "/" + source;
      sent.merge(key, at, Math::max);
      engine.tick(source, Tick.at(item.item().timeline(), Instant.ofEpochMilli(sent.get(key)), source));
    }

    @Override
    public void window(String scope, WindowStats stats) {
      windows.add(stats);
    }

    @Override
    public void alert(Alert alert) {
      alerts.add(alert);
    }

    @Override
    public void late(String scope, ScoredNewsItem item) {
      late.add(item);
    }
  }

  /** Items per (scope, window end) as counted straight from the input: the ground truth. */
  private static Map<String, Long> truth(List<ScoredNewsItem> items, long closedThrough) {
    Map<String, Long> counts = new TreeMap<>();
    for (ScoredNewsItem item : items) {
      long at = item.item().publishedAt().toEpochMilli();
      long latest = Math.floorDiv(at, ADVANCE) * ADVANCE;
      for (long start = latest; start > at - SIZE; start -= ADVANCE) {
        if (start + SIZE <= closedThrough) {
          for (Scope scope : ScopeFanOut.ALL.scopesOf(item)) {
            counts.merge(scope.key() + "@" + (start + SIZE), 1L, Long::sum);
          }
        }
      }
    }
    return counts;
  }

  private static Map<String, Long> counted(List<WindowStats> windows) {
    Map<String, Long> counts = new TreeMap<>();
    for (WindowStats w : windows) {
      counts.put(w.scope() + "@" + w.windowEnd().toEpochMilli(), w.items());
    }
    return counts;
  }

  @Test
  void partitionsReadOutOfStepGiveTheWindowsOfTheNewsInOrderAndNothingLate() {
    List<ScoredNewsItem> news = new NewsGenerator(5).calm(T0, Duration.ofHours(4), 20);
    int partitions = 6;
    List<List<ScoredNewsItem>> byPartition = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      byPartition.add(new ArrayList<>());
    }
    for (ScoredNewsItem item : news) {
      byPartition.get(Math.floorMod(item.item().storyId().hashCode(), partitions)).add(item);
    }
    // A catch-up: each step reads a random run of one partition, so partitions run hours apart.
    Run run = new Run(partitions);
    Random random = new Random(11);
    int[] next = new int[partitions];
    int left = news.size();
    while (left > 0) {
      int p = random.nextInt(partitions);
      int take = Math.min(1 + random.nextInt(400), byPartition.get(p).size() - next[p]);
      for (int i = 0; i < take; i++) {
        run.read(p, byPartition.get(p).get(next[p]++));
        left--;
      }
    }

    assertThat(run.late).as("late items").isEmpty();
    long watermark = run.sent.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long closedThrough = Math.floorDiv(watermark - Duration.ofSeconds(30).toMillis(), ADVANCE) * ADVANCE;
    assertThat(counted(run.windows)).isEqualTo(truth(news, closedThrough));

    Run inOrder = new Run(1);
    news.forEach(item -> inOrder.read(0, item));
    inOrder.engine.tick(0, Tick.at(Tick.LIVE, Instant.ofEpochMilli(watermark), 0));
    assertThat(run.windows).as("same windows as one partition in order").hasSameSizeAs(inOrder.windows);
    for (int i = 0; i < run.windows.size(); i++) {
      assertThat(run.windows.get(i)).as("window %d", i).isEqualTo(inOrder.windows.get(i));
    }
    assertThat(run.alerts).as("same alerts as one partition in order").isEqualTo(inOrder.alerts);
  }

  @Test
  void anItemIsLateOnlyWhenEveryWindowOfItClosedOnItsTimeline() {
    Run run = new Run(2);
    NewsGenerator news = new NewsGenerator(3);
    List<ScoredNewsItem> items = news.calm(T0, Duration.ofHours(1), 10);
    // Partition 0 runs an hour ahead: partition 1's first items are not late, being behind only
    // partition 0.
    items.forEach(item -> run.read(0, item));
    ScoredNewsItem early = news.calm(T0.plus(Duration.ofMinutes(2)), Duration.ofMinutes(1), 30).get(0);
    run.read(1, early);
    assertThat(run.late).isEmpty();
    // Now partition 1 is at the same hour; an item 40 minutes old arriving on partition 1 is late.
    run.read(1, news.calm(T0.plus(Duration.ofMinutes(59)), Duration.ofMinutes(1), 30).get(0));
    ScoredNewsItem old = news.calm(T0.plus(Duration.ofMinutes(10)), Duration.ofMinutes(1), 30).get(0);
    run.read(1, old);
    assertThat(run.late).hasSize(ScopeFanOut.ALL.scopesOf(old).size()).allSatisfy(i -> assertThat(i).isEqualTo(old));
  }

  @Test
  void importedHistoryHasATimelineOfItsOwnAndItsEndClosesAndForgetsIt() {
    Run run = new Run(1);
    NewsGenerator news = new NewsGenerator(9);
    news.calm(T0, Duration.ofHours(3), 10).forEach(item -> run.read(0, item));
    int liveWindows = run.windows.size();
    int liveStates = run.states.size();

    String timeline = Timelines.newImport(T0);
    Instant decadesAgo = Instant.parse("1996-03-04T00:00:00Z");
    List<ScoredNewsItem> history = news.calm(decadesAgo, Duration.ofHours(2), 10).stream()
        .map(s -> new ScoredNewsItem(s.schemaVersion(), s.item().onTimeline(timeline), s.model(), s.topic(),
            s.sentiment(), s.flags(), s.scoredAt(), s.chunks()))
        .toList();
    history.forEach(item -> run.read(0, item));
    assertThat(run.late).as("history is not late to live news").isEmpty();

    Instant last = history.get(history.size() - 1).item().publishedAt();
    run.engine.tick(0, Tick.end(timeline, last, 0));
    List<WindowStats> historyWindows = run.windows.subList(liveWindows, run.windows.size());
    assertThat(historyWindows).isNotEmpty().allSatisfy(w -> {
      assertThat(w.timeline()).isEqualTo(timeline);
      assertThat(w.windowEnd()).isBefore(Instant.parse("1996-03-05T00:00:00Z"));
    });
    assertThat(counted(historyWindows)).isEqualTo(truth(history, Long.MAX_VALUE));
    assertThat(run.clocks.get(timeline).finished()).isTrue();
    assertThat(run.states).as("the import's baselines are dropped at its end").hasSize(liveStates);
    run.read(0, history.get(0));
    assertThat(run.late).as("an item of an ended timeline is late").isNotEmpty();
  }

  @Test
  void anEntityScopeCountsTheItemWithThatEntitysOwnSentiment() {
    SentimentPrediction falls = SentimentPrediction.fromProbabilities(0.90, 0.05, 0.05);
    SentimentPrediction rises = SentimentPrediction.fromProbabilities(0.05, 0.05, 0.90);
    Instant at = T0.plusSeconds(30);
    RawNewsItem raw = new RawNewsItem(RawNewsItem.SCHEMA_VERSION, "adani-tata", null, true, "wire",
        "https://news.example/adani-tata", "Adani shares fall; Tata rises", "", at, at, List.of("ADANI", "TATA"), "en");
    ScoredNewsItem item = new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, raw, NewsGenerator.MODEL,
        new TopicPrediction("Markets", 0.9, Map.of()), SentimentPrediction.fromProbabilities(0.1, 0.8, 0.1),
        List.of(), at, 1, List.of(new EntitySentiment("ADANI", "Adani", falls), new EntitySentiment("TATA", "Tata", rises)));

    Run run = new Run(1);
    run.read(0, item);
    run.engine.tick(0, Tick.at(Tick.LIVE, T0.plus(Duration.ofHours(1)), 0));

    Map<String, WindowStats> first = run.windows.stream()
        .collect(Collectors.toMap(WindowStats::scope, Function.identity(), (a, b) -> a));
    assertThat(first.get("entity:ADANI")).satisfies(w -> {
      assertThat(w.negative()).isEqualTo(1);
      assertThat(w.topNegative()).extracting(h -> h.score()).containsExactly(falls.score());
    });
    assertThat(first.get("entity:TATA")).satisfies(w -> {
      assertThat(w.negative()).isZero();
      assertThat(w.positive()).isEqualTo(1);
    });
    assertThat(first.get("market").neutral()).as("the market counts the item's own sentiment").isEqualTo(1);
    assertThat(first.get("topic:Markets").neutral()).isEqualTo(1);
  }

  /** A headline about {@code entity} from {@code source} at {@code at}, scored negative or neutral. */
  private static ScoredNewsItem headline(String id, String entity, String source, Instant at, boolean negative) {
    RawNewsItem raw = new RawNewsItem(RawNewsItem.SCHEMA_VERSION, id, null, true, source, "https://news.example/" + id,
        entity + " headline " + id, "", at, at, List.of(entity), "en");
    SentimentPrediction sentiment = negative
        ? SentimentPrediction.fromProbabilities(0.90, 0.05, 0.05) : SentimentPrediction.fromProbabilities(0.1, 0.8, 0.1);
    return new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, raw, NewsGenerator.MODEL,
        new TopicPrediction("Markets", 0.9, Map.of()), sentiment, List.of(), at, 1, List.of());
  }

  /** The shipped spike rule (surge and emerging rules) over 15-minute windows advancing by a minute. */
  private static dev.bellwether.config.AlertsConfig shippedRule() {
    dev.bellwether.config.AlertsConfig shipped = new dev.bellwether.config.ConfigLoader().load(null, Map.of()).alerts();
    return new dev.bellwether.config.AlertsConfig(AlertingHarness.config(3).window(), shipped.spike(), 5, 10);
  }

  @Test
  void theEmergingRuleWaitsUntilTheTimelineWasWatchedForRateDays() {
    for (int day : new int[] {2, 8}) {
      Run run = new Run(1, shippedRule());
      run.read(0, headline("calm", "OTHER", "wire-a", T0, false));
      Instant shock = T0.plus(Duration.ofDays(day));
      run.read(0, headline("first", "ACME", "wire-a", shock, true));
      run.read(0, headline("second", "ACME", "wire-b", shock.plus(Duration.ofMinutes(40)), true));
      run.engine.tick(0, Tick.at(Tick.LIVE, shock.plus(Duration.ofHours(3)), 0));

      List<Alert> acme = run.alerts.stream().filter(a -> a.scope().equals("entity:ACME") && a.revision() == 1).toList();
      if (day < 7) {
        assertThat(acme).as("day %d: every company looks new in the first week", day).isEmpty();
      } else {
        assertThat(acme).as("day %d", day).singleElement().satisfies(a -> {
          assertThat(a.negativeStories()).isEqualTo(2);
          assertThat(a.windowEnd()).isEqualTo(shock.plus(Duration.ofMinutes(41)));
        });
      }
    }
  }
}
