package dev.bellwether.alerts.window;

import dev.bellwether.event.Headline;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.event.WindowStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The running aggregate of one scope over one window, as kept in the window store: counts, the
 * story ids seen (so copies of a story count once), the most negative headlines and the models.
 *
 * <p>Immutable: {@link #add} returns a new accumulator, so a value read from the store is never
 * changed in place.
 *
 * @param items items counted, copies included
 * @param negative items labelled negative
 * @param neutral items labelled neutral
 * @param positive items labelled positive
 * @param scoreSum sum of sentiment scores
 * @param stories story ids seen, at most {@link #MAX_TRACKED_STORIES}
 * @param negativeStories the ids in {@code stories} with at least one negative item
 * @param untrackedStories items of stories beyond the tracking bound, each counted as a story
 * @param untrackedNegativeStories negative items among {@code untrackedStories}
 * @param topNegative most negative headline of each story, most negative first, at most K
 * @param models display ids of the models seen, at most {@link #MAX_MODELS}
 */
public record WindowAccumulator(
    long items,
    long negative,
    long neutral,
    long positive,
    double scoreSum,
    Set<String> stories,
    Set<String> negativeStories,
    long untrackedStories,
    long untrackedNegativeStories,
    List<Headline> topNegative,
    Set<String> models) {

  /**
   * Most story ids kept per scope and window. The store rewrites the whole accumulator on every
   * item, so the set must stay bounded; past it, each new story id counts as a new story (copies
   * are then over-counted, which only a scope far busier than any newswire would reach).
   */
  public static final int MAX_TRACKED_STORIES = 2_000;

  /** Most model ids kept; more than a handful only happens across a rolling model upgrade. */
  public static final int MAX_MODELS = 8;

  private static final Comparator<Headline> MOST_NEGATIVE_FIRST =
      Comparator.comparingDouble(Headline::score).thenComparing(Headline::itemId);

  /** Copies the collections, keeping their order. */
  public WindowAccumulator {
    stories = stories == null ? Set.of() : new LinkedHashSet<>(stories);
    negativeStories = negativeStories == null ? Set.of() : new LinkedHashSet<>(negativeStories);
    topNegative = topNegative == null ? List.of() : List.copyOf(topNegative);
    models = models == null ? Set.of() : new LinkedHashSet<>(models);
  }

  /** The accumulator of a window with no items. */
  public static WindowAccumulator empty() {
    return new WindowAccumulator(0, 0, 0, 0, 0.0, Set.of(), Set.of(), 0, 0, List.of(), Set.of());
  }

  /** This window with {@code scored} added, keeping at most {@code topK} headlines. */
  public WindowAccumulator add(ScoredNewsItem scored, int topK) {
    Sentiment label = scored.sentiment().label();
    boolean isNegative = label == Sentiment.NEGATIVE;
    String storyId = scored.item().storyId();

    Set<String> nextStories = stories;
    Set<String> nextNegativeStories = negativeStories;
    long nextUntracked = untrackedStories;
    long nextUntrackedNegative = untrackedNegativeStories;
    if (stories.contains(storyId) || stories.size() < MAX_TRACKED_STORIES) {
      nextStories = new LinkedHashSet<>(stories);
      nextStories.add(storyId);
      if (isNegative) {
        nextNegativeStories = new LinkedHashSet<>(negativeStories);
        nextNegativeStories.add(storyId);
      }
    } else {
      nextUntracked++;
      nextUntrackedNegative += isNegative ? 1 : 0;
    }

    Set<String> nextModels = models;
    String model = scored.model().display();
    if (!models.contains(model) && models.size() < MAX_MODELS) {
      nextModels = new LinkedHashSet<>(models);
      nextModels.add(model);
    }

    return new WindowAccumulator(
        items + 1,
        negative + (isNegative ? 1 : 0),
        neutral + (label == Sentiment.NEUTRAL ? 1 : 0),
        positive + (label == Sentiment.POSITIVE ? 1 : 0),
        scoreSum + scored.sentiment().score(),
        nextStories,
        nextNegativeStories,
        nextUntracked,
        nextUntrackedNegative,
        isNegative ? withHeadline(Headline.of(scored), topK) : topNegative,
        nextModels);
  }

  /** The statistics of this window for {@code scope}. */
  public WindowStats toStats(String scope, Instant windowStart, Instant windowEnd) {
    long storyCount = stories.size() + untrackedStories;
    long negativeStoryCount = negativeStories.size() + untrackedNegativeStories;
    return new WindowStats(
        WindowStats.SCHEMA_VERSION,
        scope,
        windowStart,
        windowEnd,
        items,
        negative,
        neutral,
        positive,
        storyCount,
        negativeStoryCount,
        storyCount == 0 ? 0.0 : (double) negativeStoryCount / storyCount,
        items == 0 ? 0.0 : scoreSum / items,
        topNegative,
        List.copyOf(models));
  }

  /** The top headlines with {@code headline} merged in: one per story, its most negative copy. */
  private List<Headline> withHeadline(Headline headline, int topK) {
    List<Headline> next = new ArrayList<>(topNegative.size() + 1);
    boolean sameStoryKept = false;
    for (Headline kept : topNegative) {
      if (kept.storyId().equals(headline.storyId())) {
        sameStoryKept = true;
        next.add(MOST_NEGATIVE_FIRST.compare(headline, kept) < 0 ? headline : kept);
      } else {
        next.add(kept);
      }
    }
    if (!sameStoryKept) {
      next.add(headline);
    }
    next.sort(MOST_NEGATIVE_FIRST);
    return next.size() > topK ? next.subList(0, topK) : next;
  }
}
