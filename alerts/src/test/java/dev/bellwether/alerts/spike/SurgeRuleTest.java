package dev.bellwether.alerts.spike;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.alerts.window.ClosedWindow;
import dev.bellwether.config.SpikeRuleConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The surge rule alone (no windowed or sequential rule) on one scope fed minute by minute, as the
 * topology closes its windows: each window holds the last 15 minutes' stories, its newest slice
 * the stories of its last minute with the sources of their negative ones.
 */
class SurgeRuleTest {

  /** A Monday at midnight. */
  private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
  private static final String SCOPE = "topic:Markets";
  private static final int SIZE = 15;

  /** The shipped surge rule: multiples 2, 4 and 8, threshold 10 nats, share gate 1.5; {@code minSources} sources. */
  private static SpikeRuleConfig rule(int minSources) {
    return new SpikeRuleConfig(30, 240, 3, 1.5, 3.0, 5.0, 2.0, 3.0, 10, 3.0, 0.0, false, List.of(2.0, 4.0, 8.0), 10.0,
        1.5, minSources, 0.5, 7);
  }

  /** One minute's new stories: how many, how many negative, and the sources of the negative ones. */
  private record Slice(long stories, long negatives, long[] sources) {}

  /** One scope under a rule, fed minute by minute. */
  private static final class Scope {
    final SpikeDetector detector;
    final Deque<Slice> last = new ArrayDeque<>();
    final List<Alert> alerts = new ArrayList<>();
    final Random random = new Random(7);
    ScopeState state;
    int minute;

    Scope(SpikeRuleConfig rule) {
      this.detector = new SpikeDetector(rule, Duration.ofMinutes(SIZE), Duration.ofMinutes(1));
    }

    /**
     * One minute with {@code stories} new stories, {@code negatives} of them negative, their sources
     * taken in turn from a rotation of {@code sources} feeds.
     */
    void minute(long stories, long negatives, int sources) {
      minute++;
      long[] from = LongStream.range(0, negatives).map(j -> (minute + j) % sources + 1).distinct().sorted().toArray();
      last.addLast(new Slice(stories, negatives, from));
      if (last.size() > SIZE) {
        last.removeFirst();
      }
      long all = last.stream().mapToLong(Slice::stories).sum();
      long negative = last.stream().mapToLong(Slice::negatives).sum();
      Instant end = T0.plus(Duration.ofMinutes(minute));
      WindowStats w = new WindowStats(1, SCOPE, end.minus(Duration.ofMinutes(SIZE)), end, all, negative, 0,
          all - negative, all, negative, all == 0 ? 0 : (double) negative / all, 0.0, List.of(), List.of("m@1#abc"));
      SpikeDetector.Step step = detector.onWindow(state, new ClosedWindow(w, stories, negatives, from));
      state = step.state();
      alerts.addAll(step.alerts());
    }

    /** {@code count} calm minutes: Poisson news at {@code perMinute} stories, each negative with {@code share}. */
    void calm(int count, double perMinute, double share) {
      for (int i = 0; i < count; i++) {
        long n = poisson(perMinute);
        long k = 0;
        for (int j = 0; j < n; j++) {
          k += random.nextDouble() < share ? 1 : 0;
        }
        minute(n, k, 3);
      }
    }

    long poisson(double mean) {
      double limit = Math.exp(-mean);
      double product = random.nextDouble();
      long n = 0;
      while (product > limit) {
        product *= random.nextDouble();
        n++;
      }
      return n;
    }

    List<Alert> opened() {
      return alerts.stream().filter(a -> a.revision() == 1).toList();
    }
  }

  @Test
  void aFloodOfNegativeStoriesAlertsWithinMinutesSayingHowManyAgainstHowManyExpected() {
    Scope scope = new Scope(rule(2));
    scope.calm(6 * 60, 1.0, 0.15);
    assertThat(scope.alerts).as("six calm hours").isEmpty();
    int start = scope.minute;
    for (int i = 0; i < 30 && scope.alerts.isEmpty(); i++) {
      scope.minute(3, 2, 3);
    }

    assertThat(scope.opened()).hasSize(1);
    Alert alert = scope.opened().get(0);
    assertThat(Duration.between(T0, alert.windowEnd()).toMinutes() - start).as("advances to the alert").isLessThanOrEqualTo(5);
    assertThat(alert.negativeStories()).isGreaterThanOrEqualTo(3);
    assertThat(alert.ratio()).as("negative stories over those expected").isGreaterThan(2.0);
    assertThat(alert.baselineNegativeStories()).as("expected over the run").isPositive()
        .isLessThan(alert.negativeStories() / 2.0);
  }

  @Test
  void aSlowRiseOverHoursAlertsOnceEachHourOfTheDayIsKnown() {
    Scope scope = new Scope(rule(2));
    scope.calm(4 * 24 * 60, 1.0, 0.15);
    assertThat(scope.alerts).as("four calm days").isEmpty();
    int start = scope.minute;
    // Two negative stories every five minutes among six: 2.7 times the usual number, 2.2 times the share.
    for (int i = 0; i < 6 * 60 && scope.alerts.isEmpty(); i++) {
      scope.minute(i % 5 == 0 ? 2 : 1, i % 5 == 0 || i % 5 == 2 ? 1 : 0, 3);
    }
    assertThat(scope.opened()).hasSize(1);
    assertThat(Duration.between(T0, scope.opened().get(0).windowEnd()).toMinutes() - start).isBetween(10L, 6 * 60L);
  }

  @Test
  void moreNewsAtTheUsualShareIsNoSurge() {
    Scope scope = new Scope(rule(2));
    scope.calm(6 * 60, 1.0, 0.15);
    // Three times the usual news for twenty minutes, the bench's volume distractor, five times over.
    for (int i = 0; i < 5; i++) {
      scope.calm(20, 3.0, 0.15);
      scope.calm(60, 1.0, 0.15);
    }
    assertThat(scope.alerts).isEmpty();
  }

  @Test
  void oneSourceAloneCannotRaiseASurgeWhenTwoAreAsked() {
    Scope one = new Scope(rule(2));
    one.calm(6 * 60, 1.0, 0.15);
    for (int i = 0; i < 20; i++) {
      one.minute(3, 2, 1);
    }
    assertThat(one.alerts).isEmpty();
    Scope any = new Scope(rule(1));
    any.calm(6 * 60, 1.0, 0.15);
    for (int i = 0; i < 20; i++) {
      any.minute(3, 2, 1);
    }
    assertThat(any.opened()).hasSize(1);
  }

  @Test
  void aHandfulOfNegativeStoriesInAQuietScopeIsNotEnough() {
    Scope scope = new Scope(rule(2));
    scope.calm(6 * 60, 0.05, 0.15);
    // Three negative stories within a minute, where half of one was expected in an hour: about 6
    // nats at the multiple 8, short of the threshold (it takes about five such stories).
    scope.minute(3, 3, 3);
    scope.calm(60, 0.05, 0.15);
    assertThat(scope.alerts).as("min-expected-per-hour keeps one burst from alarming").isEmpty();
  }

  @Test
  void anEpisodeStaysOpenWhileItsWindowsRunHighThenResolvesAndSpendsItsEvidence() {
    Scope scope = new Scope(rule(2));
    scope.calm(6 * 60, 1.0, 0.15);
    for (int i = 0; i < 90; i++) {
      scope.minute(3, 2, 3);
    }
    assertThat(scope.opened()).as("one episode for an hour and a half of surge").hasSize(1);
    assertThat(scope.state.episode()).isNotNull();
    scope.calm(60, 1.0, 0.15);
    assertThat(scope.alerts).last().satisfies(a -> assertThat(a.status()).isEqualTo(Alert.Status.RESOLVED));
    assertThat(scope.state.surges()).allSatisfy(s -> assertThat(s.logLikelihoodRatio()).isLessThan(8.0));
  }

  @Test
  void learnsWhatIsUsualAtEachHourSoTheMorningRiseIsNoSurge() {
    Scope scope = new Scope(rule(2));
    // Four days: quiet nights (a story every 10 minutes), busy days from 08:00 to 18:00.
    for (int day = 0; day < 4; day++) {
      for (int hour = 0; hour < 24; hour++) {
        boolean busy = hour >= 8 && hour < 18;
        scope.calm(60, busy ? 3.0 : 0.1, 0.15);
      }
    }
    assertThat(scope.alerts).isEmpty();
    RateProfile rates = scope.state.rates();
    long tenOClock = T0.plus(Duration.ofDays(4)).plus(Duration.ofHours(10)).toEpochMilli();
    long threeOClock = T0.plus(Duration.ofDays(4)).plus(Duration.ofHours(3)).toEpochMilli();
    assertThat(rates.expectedPerHour(tenOClock)).isBetween(15.0, 40.0);
    assertThat(rates.expectedPerHour(threeOClock)).isLessThan(3.0);
  }
}
