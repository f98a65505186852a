package dev.bellwether.ingest.dedup;

import dev.bellwether.config.DedupConfig;
import dev.bellwether.event.RawNewsItem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The whole de-duplication memory of ingest: the long-lived ids of items sent ({@link SeenIds},
 * exact repeats) in front of the {@link StoryClusterer} (repeated text, near-duplicates). Both are
 * bounded by {@link DedupConfig} and both are rebuilt after a restart by {@link #restore} from what
 * {@code news.raw} holds. Thread-safe.
 */
public final class Deduplicator {

  private final SeenIds seen;
  private final StoryClusterer stories;
  private final Clock clock;

  /** An empty memory bounded by {@code config}; ids are aged by {@code clock}. */
  public Deduplicator(DedupConfig config, Clock clock) {
    this.seen = new SeenIds(config.seenIdsCapacity(), config.seenIdsMaxAge());
    this.stories = new StoryClusterer(config.storyCapacity(), config.storyHorizon());
    this.clock = clock;
  }

  /** Decides whether {@code item} is new, a near-duplicate or a duplicate; remembers it unless a duplicate. */
  public synchronized StoryClusterer.Assignment assign(RawNewsItem item) {
    if (seen.contains(item.id(), clock.instant())) {
      return new StoryClusterer.Assignment(StoryClusterer.Outcome.DUPLICATE, item, 1.0);
    }
    StoryClusterer.Assignment a = stories.assign(item);
    if (a.outcome() != StoryClusterer.Outcome.DUPLICATE) {
      seen.add(item.id(), clock.instant());
    }
    return a;
  }

  /** Forgets {@code id}, e.g. when sending it failed, so that it counts as unseen when it comes again. */
  public synchronized void forget(String id) {
    seen.remove(id);
    stories.forget(id);
  }

  /**
   * Starts rebuilding the memory from items read back from {@code news.raw}; feed it every item read,
   * then {@link Restore#finish()}. Ids are remembered at once, in the order given (read each
   * partition in offset order); the story index keeps the newest items published within its
   * horizon of {@code now}, at most its capacity, and is filled oldest first on finish.
   */
  public Restore restore(Instant now) {
    return new Restore(now.minus(stories.horizon()).toEpochMilli());
  }

  /** A rebuild in progress; not thread-safe, used by one reader. */
  public final class Restore {
    private static final Comparator<StoryClusterer.Restored> OLDEST =
        Comparator.comparingLong((StoryClusterer.Restored r) -> r.published).thenComparing(r -> r.id);
    private final long since;
    private final PriorityQueue<StoryClusterer.Restored> newest = new PriorityQueue<>(OLDEST);
    private long items;

    private Restore(long since) {
      this.since = since;
    }

    /** Takes one item read back. */
    public void accept(RawNewsItem item) {
      items++;
      synchronized (Deduplicator.this) {
        seen.add(item.id(), item.fetchedAt());
      }
      if (item.publishedAt().toEpochMilli() < since) {
        return;
      }
      newest.add(new StoryClusterer.Restored(item));
      if (newest.size() > stories.capacity()) {
        newest.poll();
      }
    }

    /** Fills the story index; returns how many items were taken. */
    public long finish() {
      List<StoryClusterer.Restored> ordered = new ArrayList<>(newest);
      ordered.sort(OLDEST);
      newest.clear();
      synchronized (Deduplicator.this) {
        ordered.forEach(stories::restore);
      }
      return items;
    }
  }

  /** Ids remembered as sent (expired ones may still be counted until the next lookup). */
  public synchronized int seenIds() {
    return seen.size();
  }

  /** Items held by the story index. */
  public synchronized int storyItems() {
    return stories.size();
  }
}
