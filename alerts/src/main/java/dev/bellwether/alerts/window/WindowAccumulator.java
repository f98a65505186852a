package dev.bellwether.alerts.window;

import dev.bellwether.event.Headline;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.event.WindowStats;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The running aggregate of one scope over one window, as kept in the window store: counts, the
 * stories seen (so copies of a story count once), the most negative headlines and the models.
 *
 * <p>Stories are kept as sorted 64-bit hashes of their ids: the store rewrites the accumulator on
 * every item, and hashes keep that rewrite small (a collision among the at most
 * {@link #MAX_TRACKED_STORIES} stories of a window has odds below 1e-12). Next to each hash it
 * keeps when the story was first seen in the window (and first seen negative), so that the
 * stories new in the window's last advance can be told apart from those the previous windows
 * already held: the evidence the sequential rule adds per advance. Immutable: {@link #add}
 * returns a new accumulator, so a value read from the store is never changed in place.
 */
public final class WindowAccumulator {

  /**
   * Most stories tracked per scope and window, so the stored value stays bounded; past it, each
   * item of an untracked story counts as a new story (copies are then over-counted, which only a
   * scope far busier than any newswire would reach).
   */
  public static final int MAX_TRACKED_STORIES = 4_096;

  /** Score units per 1.0 of sentiment score in {@link #scoreSum}. */
  static final long SCORE_UNIT = 1_000_000_000L;

  /** Most model ids kept; more than a handful only happens across a rolling model upgrade. */
  public static final int MAX_MODELS = 8;

  private static final Comparator<Headline> MOST_NEGATIVE_FIRST =
      Comparator.comparingDouble(Headline::score).thenComparing(Headline::itemId);
  private static final long[] NONE = new long[0];
  private static final WindowAccumulator EMPTY =
      new WindowAccumulator(0, 0, 0, 0, 0, NONE, NONE, NONE, NONE, NONE, 0, 0, List.of(), List.of());

  final long items;
  final long negative;
  final long neutral;
  final long positive;
  /**
   * Sum of the items' sentiment scores in units of {@link #SCORE_UNIT}: whole numbers, so that
   * the sum, and every window merged from bins, is the same whatever order the items came in.
   */
  final long scoreSum;
  final long[] stories;
  final long[] negativeStories;
  /** Publication time (epoch ms) of the first item of each story in {@link #stories}, same order. */
  final long[] firstSeen;
  /** Publication time (epoch ms) of the first negative item of each story in {@link #negativeStories}. */
  final long[] firstNegative;
  /**
   * Hash of the source (feed) of the first negative item of each story in {@link #negativeStories}
   * (0 when not known), so that the spike rule can tell how many sources a surge came from.
   */
  final long[] negativeSources;
  final long untrackedStories;
  final long untrackedNegativeStories;
  final List<Headline> topNegative;
  final List<String> models;

  WindowAccumulator(
      long items, long negative, long neutral, long positive, long scoreSum, long[] stories,
      long[] negativeStories, long[] firstSeen, long[] firstNegative, long[] negativeSources, long untrackedStories,
      long untrackedNegativeStories, List<Headline> topNegative, List<String> models) {
    this.items = items;
    this.negative = negative;
    this.neutral = neutral;
    this.positive = positive;
    this.scoreSum = scoreSum;
    this.stories = stories;
    this.negativeStories = negativeStories;
    this.firstSeen = firstSeen;
    this.firstNegative = firstNegative;
    this.negativeSources = negativeSources;
    this.untrackedStories = untrackedStories;
    this.untrackedNegativeStories = untrackedNegativeStories;
    this.topNegative = List.copyOf(topNegative);
    this.models = List.copyOf(models);
  }

  /** The accumulator of a window with no items. */
  public static WindowAccumulator empty() {
    return EMPTY;
  }

  /** This window with {@code scored} added, keeping at most {@code topK} headlines. */
  public WindowAccumulator add(ScoredNewsItem scored, int topK) {
    Sentiment label = scored.sentiment().label();
    boolean isNegative = label == Sentiment.NEGATIVE;
    long story = storyHash(scored.item().storyId());
    long at = scored.item().publishedAt().toEpochMilli();

    long[] nextStories = stories;
    long[] nextNegativeStories = negativeStories;
    long[] nextFirstSeen = firstSeen;
    long[] nextFirstNegative = firstNegative;
    long[] nextNegativeSources = negativeSources;
    long nextUntracked = untrackedStories;
    long nextUntrackedNegative = untrackedNegativeStories;
    boolean tracked = Arrays.binarySearch(stories, story) >= 0;
    if (tracked || stories.length < MAX_TRACKED_STORIES) {
      nextFirstSeen = withTime(stories, firstSeen, story, at);
      nextStories = withHash(stories, story);
      if (isNegative) {
        nextNegativeSources = withSource(negativeStories, firstNegative, negativeSources, story, at,
            storyHash(scored.item().source()));
        nextFirstNegative = withTime(negativeStories, firstNegative, story, at);
        nextNegativeStories = withHash(negativeStories, story);
      }
    } else {
      nextUntracked++;
      nextUntrackedNegative += isNegative ? 1 : 0;
    }

    List<String> nextModels = models;
    String model = scored.model().display();
    if (!models.contains(model) && models.size() < MAX_MODELS) {
      nextModels = new ArrayList<>(models);
      nextModels.add(model);
    }

    return new WindowAccumulator(
        items + 1,
        negative + (isNegative ? 1 : 0),
        neutral + (label == Sentiment.NEUTRAL ? 1 : 0),
        positive + (label == Sentiment.POSITIVE ? 1 : 0),
        scoreSum + Math.round(scored.sentiment().score() * SCORE_UNIT),
        nextStories,
        nextNegativeStories,
        nextFirstSeen,
        nextFirstNegative,
        nextNegativeSources,
        nextUntracked,
        nextUntrackedNegative,
        isNegative ? withHeadline(topNegative, Headline.of(scored), topK) : topNegative,
        nextModels);
  }

  /**
   * This accumulator and {@code other} as one, as if every item of both had been added to one:
   * stories shared by both count once, with the earlier first-seen time, and the headlines are the
   * {@code topK} most negative of both. Windows are built from the accumulators of their advances
   * this way.
   */
  public WindowAccumulator merge(WindowAccumulator other, int topK) {
    if (other.items == 0) {
      return this;
    }
    if (items == 0) {
      return other;
    }
    long[][] all = union(stories, firstSeen, null, other.stories, other.firstSeen, null);
    long[][] neg = union(negativeStories, firstNegative, negativeSources, other.negativeStories, other.firstNegative,
        other.negativeSources);
    // A merged window is never stored, so it keeps every story of its parts: only the parts (one
    // advance each) are bounded by MAX_TRACKED_STORIES.
    long untracked = untrackedStories + other.untrackedStories;
    long untrackedNegative = untrackedNegativeStories + other.untrackedNegativeStories;
    List<Headline> headlines = topNegative;
    for (Headline h : other.topNegative) {
      headlines = withHeadline(headlines, h, topK);
    }
    List<String> nextModels = models;
    for (String model : other.models) {
      if (!nextModels.contains(model) && nextModels.size() < MAX_MODELS) {
        nextModels = new ArrayList<>(nextModels);
        nextModels.add(model);
      }
    }
    return new WindowAccumulator(
        items + other.items, negative + other.negative, neutral + other.neutral, positive + other.positive,
        scoreSum + other.scoreSum, all[0], neg[0], all[1], neg[1], neg[2], untracked, untrackedNegative, headlines,
        nextModels);
  }

  /**
   * The union of two sorted hash arrays with their parallel times (and, when not null, sources),
   * keeping the earlier time of a hash in both, and the source of that earlier time:
   * {@code {hashes, times, sources}}.
   */
  private static long[][] union(long[] a, long[] aTimes, long[] aSources, long[] b, long[] bTimes, long[] bSources) {
    boolean withSources = aSources != null;
    long[] hashes = new long[a.length + b.length];
    long[] times = new long[a.length + b.length];
    long[] sources = withSources ? new long[a.length + b.length] : NONE;
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      boolean fromA;
      if (j >= b.length || i < a.length && a[i] < b[j]) {
        fromA = true;
      } else if (i >= a.length || b[j] < a[i]) {
        fromA = false;
      } else {
        fromA = aTimes[i] <= bTimes[j];
        if (fromA) {
          j++;
        } else {
          i++;
        }
      }
      if (fromA) {
        hashes[n] = a[i];
        times[n] = aTimes[i];
        if (withSources) {
          sources[n] = aSources[i];
        }
        i++;
      } else {
        hashes[n] = b[j];
        times[n] = bTimes[j];
        if (withSources) {
          sources[n] = bSources[j];
        }
        j++;
      }
      n++;
    }
    return new long[][] {
        Arrays.copyOf(hashes, n), Arrays.copyOf(times, n), withSources ? Arrays.copyOf(sources, n) : NONE};
  }

  /** Whether no item was added. */
  public boolean isEmpty() {
    return items == 0;
  }

  /** The statistics of this window for {@code scope} on the live timeline. */
  public WindowStats toStats(String scope, Instant windowStart, Instant windowEnd) {
    return toStats(scope, windowStart, windowEnd, dev.bellwether.event.Tick.LIVE);
  }

  /** The statistics of this window for {@code scope} on {@code timeline}. */
  public WindowStats toStats(String scope, Instant windowStart, Instant windowEnd, String timeline) {
    long storyCount = stories.length + untrackedStories;
    long negativeStoryCount = negativeStories.length + untrackedNegativeStories;
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
        items == 0 ? 0.0 : (double) scoreSum / SCORE_UNIT / items,
        topNegative,
        models,
        timeline);
  }

  /**
   * Distinct stories, and distinct negative stories, first seen (first seen negative) at or after
   * {@code since}: those the window's newest slice added. Untracked stories are not counted.
   */
  public long[] newSince(Instant since) {
    long from = since.toEpochMilli();
    long all = 0;
    for (long t : firstSeen) {
      all += t >= from ? 1 : 0;
    }
    long neg = 0;
    for (long t : firstNegative) {
      neg += t >= from ? 1 : 0;
    }
    return new long[] {all, neg};
  }

  /**
   * The distinct sources (as hashes, 0 for unknown) of the negative stories first seen negative at
   * or after {@code since}, in ascending order.
   */
  public long[] newNegativeSources(Instant since) {
    long from = since.toEpochMilli();
    long[] found = new long[firstNegative.length];
    int n = 0;
    for (int i = 0; i < firstNegative.length; i++) {
      if (firstNegative[i] >= from) {
        found[n++] = negativeSources[i];
      }
    }
    return Arrays.stream(found, 0, n).distinct().sorted().toArray();
  }

  /** A 64-bit FNV-1a hash of a story id (or a source name), finished with a 64-bit mix for well-spread bits. */
  static long storyHash(String storyId) {
    long h = 0xcbf29ce484222325L;
    for (byte b : storyId.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  /** {@code sorted} with {@code hash} inserted in order; the same array when it is already there. */
  private static long[] withHash(long[] sorted, long hash) {
    int at = Arrays.binarySearch(sorted, hash);
    if (at >= 0) {
      return sorted;
    }
    int insert = -at - 1;
    long[] next = new long[sorted.length + 1];
    System.arraycopy(sorted, 0, next, 0, insert);
    next[insert] = hash;
    System.arraycopy(sorted, insert, next, insert + 1, sorted.length - insert);
    return next;
  }

  /**
   * {@code times} (parallel to {@code sorted}) after {@code hash} was seen at {@code at}: the
   * earlier time kept for a known hash, a new slot in hash order for a new one.
   */
  private static long[] withTime(long[] sorted, long[] times, long hash, long at) {
    int found = Arrays.binarySearch(sorted, hash);
    if (found >= 0) {
      if (times[found] <= at) {
        return times;
      }
      long[] next = times.clone();
      next[found] = at;
      return next;
    }
    int insert = -found - 1;
    long[] next = new long[times.length + 1];
    System.arraycopy(times, 0, next, 0, insert);
    next[insert] = at;
    System.arraycopy(times, insert, next, insert + 1, times.length - insert);
    return next;
  }

  /**
   * {@code sources} (parallel to {@code sorted}, with {@code times}) after {@code hash} was seen
   * negative at {@code at} from {@code source}: the source of the earlier time kept for a known hash,
   * a new slot in hash order for a new one.
   */
  private static long[] withSource(long[] sorted, long[] times, long[] sources, long hash, long at, long source) {
    int found = Arrays.binarySearch(sorted, hash);
    if (found >= 0) {
      if (times[found] <= at) {
        return sources;
      }
      long[] next = sources.clone();
      next[found] = source;
      return next;
    }
    int insert = -found - 1;
    long[] next = new long[sources.length + 1];
    System.arraycopy(sources, 0, next, 0, insert);
    next[insert] = source;
    System.arraycopy(sources, insert, next, insert + 1, sources.length - insert);
    return next;
  }

  /** {@code top} with {@code headline} merged in: one per story, its most negative copy. */
  private static List<Headline> withHeadline(List<Headline> top, Headline headline, int topK) {
    List<Headline> next = new ArrayList<>(top.size() + 1);
    boolean sameStoryKept = false;
    for (Headline kept : top) {
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
