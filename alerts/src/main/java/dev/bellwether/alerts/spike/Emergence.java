package dev.bellwether.alerts.spike;

import dev.bellwether.config.SpikeRuleConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What the emerging rule remembers of one scope: the window advances of the last
 * {@code rate-days} days that brought it stories, and until when it stays silent.
 *
 * <p>A company that suddenly makes the news (a short-seller report on a conglomerate no feed
 * covered the week before) brings two or three stories in its first hours: far too few for the
 * surge rule, whose floor expects half a negative story an hour of any scope. Against a week with
 * at most a handful of stories, two negative ones from two sources within two hours are a strong
 * sign. The rule fires once, then stays silent for {@code rate-days} days: the scope is in the news
 * now, and the surge rule, which learns its new level, takes over.
 *
 * @param advances the advances that brought the scope stories, oldest first, within the last
 *     {@code rate-days} days, at most {@link #MAX_ADVANCES}
 * @param busyUntilMs until when the scope counts as often in the news because older advances were
 *     dropped to keep the list short (epoch ms; 0 for never)
 * @param silentUntilMs until when the rule stays silent after firing (epoch ms; 0 for not)
 */
public record Emergence(List<Advance> advances, long busyUntilMs, long silentUntilMs) {

  /** Advances remembered: a scope with more advances with news in a week is not seldom in the news. */
  static final int MAX_ADVANCES = 64;

  /** Nothing seen. */
  public static final Emergence NONE = new Emergence(List.of(), 0, 0);

  private static final long DAY_MS = 86_400_000L;

  /**
   * One advance that brought a scope stories.
   *
   * @param startMs its start, epoch ms
   * @param stories distinct stories first seen in it
   * @param negativeStories of which negative
   * @param sources distinct sources (hashes) of the negative ones, ascending
   */
  public record Advance(long startMs, long stories, long negativeStories, long[] sources) {

    /** Copies the sources. */
    public Advance {
      sources = sources == null ? new long[0] : sources.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Advance a && a.startMs == startMs && a.stories == stories && a.negativeStories == negativeStories
          && Arrays.equals(a.sources, sources);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(startMs) * 31 + Long.hashCode(stories) * 7 + Long.hashCode(negativeStories)
          + Arrays.hashCode(sources);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "Advance[%d: %d stories, %d negative, %d sources]", startMs, stories,
          negativeStories, sources.length);
    }
  }

  /**
   * The rule's run when it fires.
   *
   * @param figures its stories, negative stories, the negative stories the weeks before would give
   *     its span (at least one a week) and its sources, as a surge run, whose share, ratio and
   *     z-score it reports
   * @param priorShare the negative share of the scope's stories in the days before the run; 0
   *     without any
   */
  public record Run(Surge figures, double priorShare) {}

  /** Copies the advances; a state stored before the rule existed has none. */
  public Emergence {
    advances = advances == null ? List.of() : List.copyOf(advances);
  }

  /**
   * This memory after an advance starting at {@code startMs} that brought {@code stories}
   * distinct stories, {@code negative} of them negative from {@code sources}.
   */
  Emergence observe(long startMs, long stories, long negative, long[] sources, SpikeRuleConfig rule) {
    long horizon = startMs - rule.rateDays() * DAY_MS;
    if (stories == 0 && (advances.isEmpty() || advances.get(0).startMs() > horizon)) {
      return this; // most advances of most scopes: nothing to add, nothing to forget
    }
    List<Advance> kept = new ArrayList<>(advances.size() + 1);
    long busy = busyUntilMs;
    for (Advance a : advances) {
      if (a.startMs() > horizon) {
        kept.add(a);
      }
    }
    if (stories > 0) {
      kept.add(new Advance(startMs, stories, negative, sources));
    }
    while (kept.size() > MAX_ADVANCES) {
      Advance dropped = kept.remove(0);
      busy = Math.max(busy, dropped.startMs() + rule.rateDays() * DAY_MS);
    }
    return new Emergence(kept, busy, silentUntilMs);
  }

  /**
   * The run that meets the rule at the advance starting at {@code nowMs}, or null: at least
   * {@code emerging-min-negative-stories} negative stories from {@code surge-min-sources} sources in
   * the last {@code emerging-minutes}, one of them in this advance, after at most
   * {@code emerging-max-prior-stories} stories in the {@code rate-days} days before.
   */
  Run reached(long nowMs, SpikeRuleConfig rule) {
    if (rule.emergingMinNegativeStories() <= 0 || nowMs < busyUntilMs || nowMs < silentUntilMs || advances.isEmpty()) {
      return null;
    }
    Advance newest = advances.get(advances.size() - 1);
    if (newest.startMs() != nowMs || newest.negativeStories() == 0) {
      return null;
    }
    long runStart = nowMs - (rule.emergingMinutes() - 1) * 60_000L;
    long stories = 0;
    long negative = 0;
    long prior = 0;
    long priorNegative = 0;
    long first = nowMs;
    TreeSet<Long> sources = new TreeSet<>();
    for (Advance a : advances) {
      if (a.startMs() >= runStart) {
        stories += a.stories();
        negative += a.negativeStories();
        for (long s : a.sources()) {
          sources.add(s);
        }
        if (a.negativeStories() > 0) {
          first = Math.min(first, a.startMs());
        }
      } else {
        prior += a.stories();
        priorNegative += a.negativeStories();
      }
    }
    if (negative < rule.emergingMinNegativeStories() || sources.size() < rule.surgeMinSources()
        || prior > rule.emergingMaxPriorStories()) {
      return null;
    }
    double expected = Math.max(priorNegative, 1) * (double) rule.emergingMinutes() / (rule.rateDays() * 24.0 * 60.0);
    Surge figures = new Surge(0.0, Instant.ofEpochMilli(first), stories, negative, expected,
        sources.stream().mapToLong(Long::longValue).toArray());
    return new Run(figures, prior == 0 ? 0.0 : (double) priorNegative / prior);
  }

  /** This memory once the rule fired at {@code nowMs}: silent for {@code rate-days} days. */
  Emergence spent(long nowMs, SpikeRuleConfig rule) {
    return new Emergence(advances, busyUntilMs, nowMs + rule.rateDays() * DAY_MS);
  }
}
