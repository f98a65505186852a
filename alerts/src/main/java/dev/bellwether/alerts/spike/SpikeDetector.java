package dev.bellwether.alerts.spike;

import dev.bellwether.alerts.window.ClosedWindow;
import dev.bellwether.config.SpikeRuleConfig;
import dev.bellwether.config.WindowConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Scope;
import dev.bellwether.event.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The negative-spike rule and the alert lifecycle of one scope, without Kafka: given the scope's
 * state and its next closed window, it returns the new state and the alert revisions to publish.
 *
 * <p>Two rules measure each window (see {@link Assessment}): the windowed rule compares the whole
 * window with the baseline; the sequential rule adds up, advance by advance, the evidence of the
 * stories each advance added ({@link Evidence}), so a spike is seen as soon as its own stories
 * suffice rather than once they outweigh the calm part of a window. The sequential evidence
 * starts once the scope is warm and is spent (set to zero) each time it reaches the warning
 * level.
 *
 * <p>An episode starts at the first window at or above the warning level once the scope is warm;
 * every later window publishes the next revision of the same alert; after
 * {@code quietWindowsToResolve} consecutive windows below the warning level it publishes the
 * resolution and ends.
 *
 * <p>The baseline a window is measured against never holds that window's own items: a window is
 * folded in only once it no longer overlaps the newest one ({@code size / advance} windows
 * later), and only when it stayed below the watch z-score and outside any episode. So a spike
 * that builds up over several hopping windows is not learned as normal while it builds, nor is a
 * long spike.
 */
public final class SpikeDetector {

  /** The rule name in alerts and alert ids. */
  public static final String RULE = "negative-spike";

  /**
   * Spans of the baseline after which missing windows stop being folded in one by one: after
   * ten spans the weight of the old baseline is below e^-20, so further empty windows change
   * nothing that matters, and the loop stays bounded however long a scope was silent.
   */
  static final int MAX_FILL_SPANS = 10;

  private static final long HOUR_MS = 3_600_000L;

  /** Whole hours the rate profile must have learned before the surge rule runs. */
  static final int SURGE_WARM_UP_HOURS = 1;

  private final SpikeRuleConfig rules;
  private final Map<Scope.Kind, Hop> hops = new EnumMap<>(Scope.Kind.class);
  private final Map<String, SpikeRuleConfig> byScope = new ConcurrentHashMap<>();

  /**
   * The windows of one scope kind.
   *
   * @param sizeMs window size
   * @param advanceMs hop between windows
   * @param windowsPerSize windows that overlap one another: size over advance
   * @param entity whether the scopes are entities (companies)
   */
  record Hop(long sizeMs, long advanceMs, int windowsPerSize, boolean entity) {
    static Hop of(WindowConfig window, Scope.Kind kind) {
      long size = window.size().toMillis();
      long advance = window.advance().toMillis();
      return new Hop(size, advance, (int) Math.max(1, size / advance), kind == Scope.Kind.ENTITY);
    }
  }

  /**
   * A detector for {@code rules} (each scope under its kind's and its own settings) over the
   * windows of {@code window} (each scope kind's own).
   */
  public SpikeDetector(SpikeRuleConfig rules, WindowConfig window) {
    this.rules = rules;
    window.kinds().forEach((kind, ofKind) -> hops.put(kind, Hop.of(ofKind, kind)));
  }

  /** A detector for {@code rules} over windows of {@code size} hopping by {@code advance} for every kind. */
  public SpikeDetector(SpikeRuleConfig rules, Duration size, Duration advance) {
    this(rules, new WindowConfig(size, advance, Duration.ZERO));
  }

  /**
   * The outcome of one window.
   *
   * @param state the scope's state after it
   * @param alerts alert revisions to publish, oldest first
   */
  public record Step(ScopeState state, List<Alert> alerts) {}

  /** The rule of {@code scopeKey}: the general settings, then its kind's, then its own. */
  SpikeRuleConfig ruleOf(String scopeKey) {
    return byScope.computeIfAbsent(scopeKey, rules::forScope);
  }

  /**
   * Handles the next closed window of a scope. Windows without items never close in Streams, so
   * the windows missing between the last one seen and this one are first folded in as empty
   * observations. A window not after the last one seen (a replay) changes nothing.
   */
  public Step onWindow(ScopeState previous, ClosedWindow closed) {
    return onWindow(previous, closed, Long.MIN_VALUE);
  }

  /**
   * As {@link #onWindow(ScopeState, ClosedWindow)} on a timeline watched since
   * {@code watchingSinceMs} (epoch ms): the emerging rule waits until it has watched
   * {@code rate-days} days, since until then every company looks new.
   */
  public Step onWindow(ScopeState previous, ClosedWindow closed, long watchingSinceMs) {
    WindowStats window = closed.stats();
    SpikeRuleConfig rule = ruleOf(window.scope());
    Hop hop = hops.get(Scope.parse(window.scope()).kind());
    ScopeState state = previous == null ? ScopeState.initial() : previous;
    List<Alert> alerts = new ArrayList<>();
    Instant last = state.lastWindowEnd();
    if (last != null) {
      if (!window.windowEnd().isAfter(last)) {
        return new Step(state, List.of());
      }
      long missing = (window.windowEnd().toEpochMilli() - last.toEpochMilli()) / hop.advanceMs() - 1;
      // The first empty windows are observed one by one: they move the pending windows into the
      // baseline, resolve an open episode and teach the rate profile its silent hours (which is why
      // up to MAX_FILL_SPANS spans are). After them every further empty window only decays the
      // baseline, which is done in closed form: a scope of history silent for years costs no more.
      long filled = Math.min(missing, Math.max(hop.windowsPerSize() + rule.quietWindowsToResolve() + 1L,
          (long) MAX_FILL_SPANS * rule.baselineWindows()));
      for (long i = 1; i <= filled; i++) {
        Instant end = last.plusMillis(i * hop.advanceMs());
        state = observe(rule, hop, state, ClosedWindow.of(emptyWindow(window.scope(), end, hop, window.timeline())),
            alerts, watchingSinceMs);
      }
      long rest = missing - filled;
      if (rest > 0) {
        state = new ScopeState(state.baseline().observeEmpty(rest, rule.baselineWindows()), state.windowsSeen() + rest,
            last.plusMillis(missing * hop.advanceMs()), state.episode(), state.pending(), state.evidence(), state.rates(),
            state.surges(), state.emergence());
      }
    }
    state = observe(rule, hop, state, closed, alerts, watchingSinceMs);
    return new Step(state, alerts);
  }

  private ScopeState observe(SpikeRuleConfig rule, Hop hop, ScopeState state, ClosedWindow closed, List<Alert> alerts,
      long watchingSinceMs) {
    WindowStats window = closed.stats();
    Baseline baseline = state.baseline();
    RateProfile rates = state.rates();
    boolean warm = baseline.observations() >= rule.warmUpWindows();
    Evidence evidence = warm && rule.sequentialThreshold() > 0
        ? state.evidence().add(closed.newStories(), closed.newNegativeStories(), baseline, rule)
        : Evidence.NONE;
    long advanceStart = window.windowEnd().toEpochMilli() - hop.advanceMs();
    List<Surge> surges = new ArrayList<>(rule.surgeRatios().size());
    if (warm && rule.surgeThreshold() > 0 && rates.overallHours() >= SURGE_WARM_UP_HOURS) {
      double expected = expectedNegative(rates, baseline, rule, hop, advanceStart);
      for (int i = 0; i < rule.surgeRatios().size(); i++) {
        Surge before = i < state.surges().size() ? state.surges().get(i) : Surge.NONE;
        surges.add(before.add(rule.surgeRatios().get(i), Instant.ofEpochMilli(advanceStart), closed.newStories(),
            closed.newNegativeStories(), closed.newNegativeSources(), expected, rates.dispersion(), rule));
      }
    }
    Episode episode = state.episode();
    double expectedInWindow = expectedNegative(rates, baseline, rule, hop, advanceStart) * hop.windowsPerSize();
    Assessment assessment = Assessment.of(window, baseline, rule, hop.windowsPerSize(), evidence,
        new Assessment.Surges(surges, rates.dispersion(), expectedShare(rates, baseline, advanceStart), expectedInWindow,
            episode != null));
    if (assessment.sequential()) {
      evidence = Evidence.NONE;
    }
    // Only companies (entity scopes) come new into the news: topics and the market are there every
    // week, and would only look new after a fresh start.
    Emergence emergence = hop.entity() ? state.emergence() : Emergence.NONE;
    emergence = emergence.observe(advanceStart, closed.newStories(), closed.newNegativeStories(),
        closed.newNegativeSources(), rule);
    boolean watchedLongEnough = watchingSinceMs == Long.MIN_VALUE
        || advanceStart - watchingSinceMs >= rule.rateDays() * 24 * HOUR_MS;
    Emergence.Run emerging = hop.entity() && watchedLongEnough ? emergence.reached(advanceStart, rule) : null;
    if (emerging != null) {
      emergence = emergence.spent(advanceStart, rule);
      if (assessment.level() == Level.NONE) {
        Surge run = emerging.figures();
        assessment = new Assessment(run.zScore(1.0), run.ratio(), run.share(), run.negativeStories(),
            run.expectedNegative(), emerging.priorShare(), assessment.sequential(),
            Level.WARNING, Assessment.Rule.EMERGING);
      }
    }
    if (Assessment.reached(surges, expectedShare(rates, baseline, advanceStart), rule) != null) {
      // Reaching the threshold spends the evidence of every multiple: an open episode is then held
      // by its windows (see Assessment), and only fresh evidence reaches the threshold again.
      surges.replaceAll(s -> Surge.NONE);
    }
    long seen = state.windowsSeen() + 1;
    Episode next;
    if (episode == null) {
      next = null;
      // The emerging rule needs no baseline: a scope seldom in the news has none to speak of.
      if ((warm || assessment.rule() == Assessment.Rule.EMERGING) && assessment.level() != Level.NONE) {
        next = new Episode(
            Alert.idOf(RULE, window.scope(), window.windowStart(), window.timeline()),
            window.windowStart(),
            1,
            assessment.level().severity(),
            0);
        alerts.add(alert(next, Alert.Status.FIRING, window, assessment));
      }
    } else {
      int quiet = assessment.level() == Level.NONE ? episode.quietWindows() + 1 : 0;
      Level peak = Level.of(episode.severity());
      if (assessment.level().compareTo(peak) > 0) {
        peak = assessment.level();
      }
      next = new Episode(episode.id(), episode.start(), episode.revision() + 1, peak.severity(), quiet);
      boolean resolved = quiet >= rule.quietWindowsToResolve();
      alerts.add(
          alert(next, resolved ? Alert.Status.RESOLVED : Alert.Status.FIRING, window, assessment));
      if (resolved) {
        next = null;
      }
    }
    boolean suspicious = episode != null || next != null || assessment.zScore() >= rule.zWatch();
    List<ScopeState.Pending> pending = new ArrayList<>(state.pending());
    pending.add(new ScopeState.Pending(window.negativeStories(), window.stories(), suspicious));
    while (pending.size() > hop.windowsPerSize()) {
      ScopeState.Pending settled = pending.remove(0);
      if (!settled.suspicious()) {
        baseline = baseline.observe(settled.negativeStories(), settled.stories(), rule.baselineWindows());
      }
    }
    rates = rates.observe(advanceStart, hop.advanceMs(), closed.newStories(), closed.newNegativeStories(),
        episode != null || next != null, rule.rateDays());
    return new ScopeState(baseline, seen, window.windowEnd(), next, pending, evidence, rates, surges, emergence);
  }

  /** The negative share the surge rule expects at {@code at}: the profile's, or before it has one the baseline's. */
  static double expectedShare(RateProfile rates, Baseline baseline, long at) {
    double share = rates.expectedShare(at);
    return Double.isNaN(share) ? baseline.share() : share;
  }

  /**
   * Negative stories expected in the advance starting at {@code advanceStart}: the rate the
   * profile learned for its hour, or, before it learned any, the baseline's mean per advance; never
   * below {@code min-expected-per-hour}.
   */
  static double expectedNegative(RateProfile rates, Baseline baseline, SpikeRuleConfig rule, Hop hop, long advanceStart) {
    double perHour = rates.expectedPerHour(advanceStart);
    if (Double.isNaN(perHour)) {
      perHour = baseline.negativeMean() / hop.windowsPerSize() * HOUR_MS / hop.advanceMs();
    }
    return Math.max(perHour, rule.minExpectedPerHour()) * hop.advanceMs() / HOUR_MS;
  }

  private static WindowStats emptyWindow(String scope, Instant end, Hop hop, String timeline) {
    return new WindowStats(
        WindowStats.SCHEMA_VERSION, scope, end.minusMillis(hop.sizeMs()), end, 0, 0, 0, 0, 0, 0, 0.0, 0.0, List.of(), List.of(),
        timeline);
  }

  private static Alert alert(
      Episode episode, Alert.Status status, WindowStats window, Assessment assessment) {
    return new Alert(
        Alert.SCHEMA_VERSION,
        episode.id(),
        RULE,
        window.scope(),
        episode.severity(),
        status,
        episode.start(),
        window.windowStart(),
        window.windowEnd(),
        assessment.share(),
        assessment.baselineShare(),
        assessment.negativeStories(),
        assessment.expectedNegative(),
        assessment.zScore(),
        assessment.ratio(),
        window.topNegative(),
        window.models(),
        episode.revision(),
        window.windowEnd(),
        window.timeline(),
        // Hook (issue 19, episode evidence): the severity this revision's own figures reach, so the
        // evidence kept per episode shows each revision's severity beside its own figures.
        assessment.level() == Level.NONE ? null : assessment.level().severity());
  }
}
