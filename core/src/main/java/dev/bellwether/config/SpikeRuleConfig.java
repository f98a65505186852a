package dev.bellwether.config;

import dev.bellwether.event.Scope;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The negative-spike rule: when a window stands far enough above its scope's baseline to alert,
 * with the settings of every scope kind and of single scopes that differ from it.
 *
 * <p>The z-scores measure a window's distinct negative stories against the number the baseline
 * negative share predicts for the window's distinct stories, so a surge of volume at the usual
 * share scores about zero.
 *
 * @param warmUpWindows windows a scope's baseline must have learned from before the scope may alert
 * @param baselineWindows span (in windows) of the exponentially weighted baseline
 * @param minNegativeStories fewest distinct negative stories in a window that may alert
 * @param zWatch z-score from which a window is kept out of the baseline (a spike building up must
 *     not teach the baseline that it is normal); at most {@code zWarning}
 * @param zWarning z-score of the negative story count above baseline for a warning
 * @param zCritical z-score above baseline for a critical alert
 * @param ratioWarning negative share over baseline share for a warning
 * @param ratioCritical negative share over baseline share for a critical alert
 * @param quietWindowsToResolve windows below the warning level after which an episode resolves
 * @param sequentialRatio multiple of the baseline share the sequential rule tests for: each
 *     advance adds the log-likelihood ratio of its new stories under this share against the
 *     baseline share (a CUSUM), so evidence builds up advance by advance; at least 1.0
 * @param sequentialThreshold accumulated log-likelihood ratio (nats) at which the sequential rule
 *     reaches the warning level; 0 turns the sequential rule off
 * @param windowRule whether the windowed rule (a window's negative share against the baseline
 *     share: {@code min-negative-stories}, {@code z-warning}, {@code ratio-warning}) may raise alerts
 * @param surgeRatios multiples of the expected rate of negative stories the surge rule tests for,
 *     each with a CUSUM of its own: each advance adds the Poisson log-likelihood ratio of its new
 *     negative stories under that multiple of the rate expected at that hour against the expected
 *     rate; a small multiple finds a slow rise over hours, a large one a burst within minutes; each
 *     above 1, at most {@link #MAX_SURGE_RATIOS}
 * @param surgeThreshold accumulated log-likelihood ratio (nats) at which the surge rule reaches the
 *     warning level; 0 turns the surge rule off
 * @param surgeShareRatio the negative share of the surge's stories over the baseline share must
 *     reach this, so that more news at the usual share (a busy day, a feed's backlog) is no surge
 * @param surgeMinSources distinct sources (feeds) the surge's negative stories must come from
 * @param minExpectedPerHour fewest negative stories per hour the surge rule ever expects, so that a
 *     scope that is nearly silent at some hour is not alarmed by a single story
 * @param rateDays span, in days of the same hour, of the expected rate of negative stories per
 *     hour of the day (weekdays and weekends apart)
 * @param emergingMinNegativeStories the emerging rule, for an entity scope that is seldom in the
 *     news (a company that suddenly makes it; topics and the market are left out): fewest distinct negative stories within
 *     {@code emergingMinutes}, from at least {@code surgeMinSources} sources, that raise a warning
 *     when the scope had at most {@code emergingMaxPriorStories} stories in the {@code rateDays}
 *     days before them; 0 turns it off. It fires once per scope per {@code rateDays} days.
 * @param emergingMaxPriorStories most stories a scope may have had in the {@code rateDays} days before
 *     the emerging rule's run and still count as seldom in the news
 * @param emergingMinutes span, in minutes, of the emerging rule's run
 * @param byKind settings that differ for one scope kind, keyed {@code topic}, {@code entity} or
 *     {@code market}
 * @param overrides settings that differ for single scopes; they apply over those of the kind
 */
public record SpikeRuleConfig(
    int warmUpWindows,
    int baselineWindows,
    int minNegativeStories,
    double zWatch,
    double zWarning,
    double zCritical,
    double ratioWarning,
    double ratioCritical,
    int quietWindowsToResolve,
    double sequentialRatio,
    double sequentialThreshold,
    boolean windowRule,
    List<Double> surgeRatios,
    double surgeThreshold,
    double surgeShareRatio,
    int surgeMinSources,
    double minExpectedPerHour,
    int rateDays,
    int emergingMinNegativeStories,
    int emergingMaxPriorStories,
    int emergingMinutes,
    Map<String, SpikeRuleOverride> byKind,
    List<SpikeRuleOverride> overrides) {

  /** {@code emerging-max-prior-stories} where a constructor leaves it out. */
  public static final int DEFAULT_EMERGING_MAX_PRIOR_STORIES = 5;
  /** {@code emerging-minutes} where a constructor leaves it out. */
  public static final int DEFAULT_EMERGING_MINUTES = 120;

  /** Most multiples the surge rule tests for at once. */
  public static final int MAX_SURGE_RATIOS = 4;

  /** Checks every value, including each kind's and each scope's rule as it comes out combined. */
  public SpikeRuleConfig {
    Check.atLeast("warm-up-windows", warmUpWindows, 0);
    Check.atLeast("baseline-windows", baselineWindows, 2);
    Check.atLeast("min-negative-stories", minNegativeStories, 1);
    Check.atLeast("z-watch", zWatch, 0.0);
    Check.atLeast("z-warning", zWarning, zWatch);
    Check.atLeast("z-critical", zCritical, zWarning);
    Check.atLeast("ratio-warning", ratioWarning, 1.0);
    Check.atLeast("ratio-critical", ratioCritical, ratioWarning);
    Check.atLeast("quiet-windows-to-resolve", quietWindowsToResolve, 1);
    Check.atLeast("sequential-ratio", sequentialRatio, 1.0);
    Check.atLeast("sequential-threshold", sequentialThreshold, 0.0);
    if (sequentialThreshold > 0 && sequentialRatio <= 1.0) {
      throw new InvalidSettingException("sequential-ratio", sequentialRatio,
          "must be above 1 while sequential-threshold is above 0 (set sequential-threshold: 0 to turn the rule off)");
    }
    Check.atLeast("surge-threshold", surgeThreshold, 0.0);
    surgeRatios = surgeRatios == null ? List.of() : surgeRatios;
    if (surgeRatios.size() > MAX_SURGE_RATIOS) {
      throw new InvalidSettingException("surge-ratios", surgeRatios, "may hold at most " + MAX_SURGE_RATIOS + " multiples");
    }
    for (int i = 0; i < surgeRatios.size(); i++) {
      Double ratio = surgeRatios.get(i);
      if (ratio == null || !(ratio > 1.0)) {
        throw new InvalidSettingException("surge-ratios[" + i + "]", ratio, "must be above 1");
      }
    }
    surgeRatios = List.copyOf(surgeRatios);
    if (surgeThreshold > 0 && surgeRatios.isEmpty()) {
      throw new InvalidSettingException("surge-ratios", surgeRatios,
          "must name at least one multiple while surge-threshold is above 0 (set surge-threshold: 0 to turn the rule off)");
    }
    Check.atLeast("surge-share-ratio", surgeShareRatio, 1.0);
    Check.atLeast("surge-min-sources", surgeMinSources, 1);
    if (!(minExpectedPerHour > 0)) {
      throw new InvalidSettingException("min-expected-per-hour", minExpectedPerHour, "must be above 0");
    }
    Check.atLeast("rate-days", rateDays, 1);
    Check.atLeast("emerging-min-negative-stories", emergingMinNegativeStories, 0);
    Check.atLeast("emerging-max-prior-stories", emergingMaxPriorStories, 0);
    Check.atLeast("emerging-minutes", emergingMinutes, 1);
    byKind = withoutEmptyKinds(byKind);
    overrides = overrides == null ? List.of() : List.copyOf(checkedScopes(overrides));
    if (!byKind.isEmpty() || !overrides.isEmpty()) {
      SpikeRuleConfig plain = new SpikeRuleConfig(warmUpWindows, baselineWindows, minNegativeStories, zWatch, zWarning,
          zCritical, ratioWarning, ratioCritical, quietWindowsToResolve, sequentialRatio, sequentialThreshold,
          windowRule, surgeRatios, surgeThreshold, surgeShareRatio, surgeMinSources, minExpectedPerHour, rateDays,
          emergingMinNegativeStories, emergingMaxPriorStories, emergingMinutes);
      checkKinds(plain, byKind);
      checkOverrides(plain, byKind, overrides);
    }
  }

  /** A rule with no per-kind or per-scope settings. */
  public SpikeRuleConfig(
      int warmUpWindows, int baselineWindows, int minNegativeStories, double zWatch, double zWarning, double zCritical,
      double ratioWarning, double ratioCritical, int quietWindowsToResolve, double sequentialRatio,
      double sequentialThreshold, boolean windowRule, List<Double> surgeRatios, double surgeThreshold,
      double surgeShareRatio, int surgeMinSources, double minExpectedPerHour, int rateDays,
      int emergingMinNegativeStories, int emergingMaxPriorStories, int emergingMinutes) {
    this(warmUpWindows, baselineWindows, minNegativeStories, zWatch, zWarning, zCritical, ratioWarning, ratioCritical,
        quietWindowsToResolve, sequentialRatio, sequentialThreshold, windowRule, surgeRatios, surgeThreshold,
        surgeShareRatio, surgeMinSources, minExpectedPerHour, rateDays, emergingMinNegativeStories,
        emergingMaxPriorStories, emergingMinutes, Map.of(), List.of());
  }

  /** A rule without the emerging rule, and no per-kind or per-scope settings. */
  public SpikeRuleConfig(
      int warmUpWindows, int baselineWindows, int minNegativeStories, double zWatch, double zWarning, double zCritical,
      double ratioWarning, double ratioCritical, int quietWindowsToResolve, double sequentialRatio,
      double sequentialThreshold, boolean windowRule, List<Double> surgeRatios, double surgeThreshold,
      double surgeShareRatio, int surgeMinSources, double minExpectedPerHour, int rateDays) {
    this(warmUpWindows, baselineWindows, minNegativeStories, zWatch, zWarning, zCritical, ratioWarning, ratioCritical,
        quietWindowsToResolve, sequentialRatio, sequentialThreshold, windowRule, surgeRatios, surgeThreshold,
        surgeShareRatio, surgeMinSources, minExpectedPerHour, rateDays, 0, DEFAULT_EMERGING_MAX_PRIOR_STORIES,
        DEFAULT_EMERGING_MINUTES);
  }

  /** A windowed and sequential rule without the surge rule, and no per-kind or per-scope settings. */
  public SpikeRuleConfig(
      int warmUpWindows, int baselineWindows, int minNegativeStories, double zWatch, double zWarning, double zCritical,
      double ratioWarning, double ratioCritical, int quietWindowsToResolve, double sequentialRatio,
      double sequentialThreshold) {
    this(warmUpWindows, baselineWindows, minNegativeStories, zWatch, zWarning, zCritical, ratioWarning, ratioCritical,
        quietWindowsToResolve, sequentialRatio, sequentialThreshold, true, List.of(), 0.0, 1.0, 1, 1.0, 7);
  }

  /** A windowed rule only: no sequential or surge rule, no per-kind or per-scope settings. */
  public SpikeRuleConfig(
      int warmUpWindows, int baselineWindows, int minNegativeStories, double zWatch, double zWarning, double zCritical,
      double ratioWarning, double ratioCritical, int quietWindowsToResolve) {
    this(warmUpWindows, baselineWindows, minNegativeStories, zWatch, zWarning, zCritical, ratioWarning, ratioCritical,
        quietWindowsToResolve, 1.0, 0.0);
  }

  /**
   * The rule of one scope: these settings, then its kind's, then its own. The result has no
   * per-kind or per-scope settings of its own.
   *
   * @throws IllegalArgumentException when {@code scopeKey} is not a scope key
   */
  public SpikeRuleConfig forScope(String scopeKey) {
    if (byKind.isEmpty() && overrides.isEmpty()) {
      return this;
    }
    SpikeRuleConfig plain = new SpikeRuleConfig(warmUpWindows, baselineWindows, minNegativeStories, zWatch, zWarning,
        zCritical, ratioWarning, ratioCritical, quietWindowsToResolve, sequentialRatio, sequentialThreshold,
        windowRule, surgeRatios, surgeThreshold, surgeShareRatio, surgeMinSources, minExpectedPerHour, rateDays,
          emergingMinNegativeStories, emergingMaxPriorStories, emergingMinutes);
    return resolve(plain, byKind, overrides, Scope.parse(scopeKey));
  }

  private static SpikeRuleConfig resolve(
      SpikeRuleConfig plain, Map<String, SpikeRuleOverride> byKind, List<SpikeRuleOverride> overrides, Scope scope) {
    String kind = kindName(scope.kind());
    SpikeRuleConfig rule = plain;
    SpikeRuleOverride ofKind = byKind.get(kind);
    if (ofKind != null) {
      rule = ofKind.applyTo(rule, "by-kind." + kind);
    }
    for (int i = 0; i < overrides.size(); i++) {
      SpikeRuleOverride own = overrides.get(i);
      if (Scope.parse(own.scope()).equals(scope)) {
        rule = own.applyTo(rule, "overrides[" + i + "]");
      }
    }
    return rule;
  }

  /** {@code kinds} without the kinds left empty ({@code market:} with nothing under it). */
  private static Map<String, SpikeRuleOverride> withoutEmptyKinds(Map<String, SpikeRuleOverride> kinds) {
    Map<String, SpikeRuleOverride> kept = new HashMap<>();
    if (kinds != null) {
      kinds.forEach((kind, rule) -> {
        if (rule != null) {
          kept.put(kind, rule);
        }
      });
    }
    return Map.copyOf(kept);
  }

  private static String kindName(Scope.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static void checkKinds(SpikeRuleConfig plain, Map<String, SpikeRuleOverride> kinds) {
    Map<Scope.Kind, String> names = new EnumMap<>(Scope.Kind.class);
    for (Scope.Kind kind : Scope.Kind.values()) {
      names.put(kind, kindName(kind));
    }
    for (Map.Entry<String, SpikeRuleOverride> e : kinds.entrySet()) {
      if (!names.containsValue(e.getKey())) {
        throw new InvalidSettingException("by-kind", e.getKey(), "is not a scope kind; use " + String.join(", ", names.values()));
      }
      if (e.getValue().scope() != null) {
        throw new InvalidSettingException("by-kind." + e.getKey() + ".scope", e.getValue().scope(),
            "does not belong under by-kind; put single scopes under overrides");
      }
      e.getValue().applyTo(plain, "by-kind." + e.getKey());
    }
  }

  /** {@code list}, once every entry is checked to name one valid scope, each scope once. */
  private static List<SpikeRuleOverride> checkedScopes(List<SpikeRuleOverride> list) {
    Map<Scope, Integer> seen = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      SpikeRuleOverride own = list.get(i);
      String setting = "overrides[" + i + "].scope";
      if (own == null || own.scope() == null || own.scope().isBlank()) {
        throw new InvalidSettingException(setting, own == null ? null : own.scope(),
            "must name a scope: market, topic:NAME or entity:TICKER");
      }
      Scope scope;
      try {
        scope = Scope.parse(own.scope());
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(setting, own.scope(), "must be market, topic:NAME or entity:TICKER");
      }
      Integer earlier = seen.put(scope, i);
      if (earlier != null) {
        throw new InvalidSettingException(setting, own.scope(), "repeats overrides[" + earlier + "]; merge them into one");
      }
    }
    return list;
  }

  private static void checkOverrides(
      SpikeRuleConfig plain, Map<String, SpikeRuleOverride> byKind, List<SpikeRuleOverride> list) {
    for (SpikeRuleOverride own : list) {
      resolve(plain, byKind, list, Scope.parse(own.scope()));
    }
  }
}
