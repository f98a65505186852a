package dev.bellwether.ingest.dedup;

import dev.bellwether.event.RawNewsItem;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Groups news items into stories: drops exact repeats and links near-duplicates (the same story
 * syndicated under another URL or with a lightly re-worded title) to the first item of their story.
 *
 * <p>An item is an exact repeat when its id (the hash of its canonical URL) or its normalised
 * title and summary were seen before. Otherwise its {@link StoryText} features are summarised by a
 * MinHash signature and looked up with locality-sensitive hashing (LSH); the most similar earlier
 * item whose estimated Jaccard similarity reaches {@link #THRESHOLD} gives the item its story id.
 * Two vetoes keep apart items that are similar in wording but not in fact: items whose tickers are
 * both known and disjoint, and items whose titles carry numbers and share none ("Q3 profit up 12%"
 * against "Q4 profit up 8%").
 *
 * <p>Why MinHash and not SimHash: a 64-bit SimHash with a Hamming radius of 3 only catches texts
 * with a cosine similarity above about 0.95; a syndicated copy with a re-worded title and the same
 * lead is nearer 0.7–0.8 (about 12 differing bits), out of reach of banded tables. MinHash estimates
 * Jaccard directly and LSH finds the candidates. Parameters: {@link #BANDS} = 16 bands of
 * {@link #ROWS} = 4 rows (64 hashes). A pair with Jaccard s becomes a candidate with probability
 * 1 - (1 - s^4)^16: 0.64 at s = 0.5, 0.89 at 0.6, 0.98 at 0.7, 0.998 at 0.75 (the labelled copies
 * in the tests estimate at 0.75 and above, hard negatives at 0.21 and below), while two items that
 * share only boilerplate (s = 0.25) collide with probability 0.06 and unrelated ones (s = 0.05)
 * with 0.0001. Three rows would lift recall at 0.5 but made boilerplate-heavy feeds check thousands
 * of candidates per item; as a further bound, a lookup verifies at most {@link #MAX_CANDIDATES},
 * newest first (a copy usually follows its original closely). Candidates are accepted on the
 * 64-hash estimate (standard error about 0.06 at 0.5).
 *
 * <p>Memory is bounded: the index holds at most {@code capacity} items (the oldest assigned leaves
 * first) and forgets items published more than {@code horizon} before the newest one; an item only
 * matches earlier items published within {@code horizon} of it. Each item costs about 0.7 KB (its
 * signature, band links both ways so that an item leaves in constant time, and ids), so the
 * default 100,000 items (about two days of a few dozen busy feeds) take about 70 MB. Results
 * depend only on the order of the items assigned, so assign them oldest first
 * ({@link #OLDEST_FIRST}): the first item of a story is then the earliest published.
 */
public final class StoryClusterer {

  /** Publication order, ties broken by id: the order items are assigned and sent in. */
  public static final Comparator<RawNewsItem> OLDEST_FIRST =
      Comparator.comparing(RawNewsItem::publishedAt).thenComparing(RawNewsItem::id);
  /** Items held by default. */
  public static final int DEFAULT_CAPACITY = 100_000;
  /** How far apart in publication time two items of one story may be, by default. */
  public static final Duration DEFAULT_HORIZON = Duration.ofHours(48);
  /** Estimated Jaccard similarity from which two items are one story. */
  static final double THRESHOLD = 0.5;
  static final int BANDS = 16;
  static final int ROWS = 4;
  /** Most candidates verified per lookup, bounding the cost of an item in a boilerplate-heavy index. */
  static final int MAX_CANDIDATES = 256;
  static final int HASHES = BANDS * ROWS;
  /** Equal signature positions that make {@link #THRESHOLD}. */
  private static final int MIN_SAME = (int) Math.ceil(THRESHOLD * HASHES);
  /** Fewer features than this and an item is too short to be judged similar to anything. */
  static final int MIN_FEATURES = 4;

  private final int capacity;
  private final long horizonMillis;
  private final Slot[] slots;
  /** The packed signatures of the slots, {@link MinHash#LONGS} longs each. */
  private final long[] signatures;
  /**
   * Per band and slot, three ints side by side: the next (older) and previous (newer) slot in the
   * bucket's list (-1 at either end) and a 32-bit fingerprint of the slot's band value, so that
   * walking a list reads one cache line per slot and touches a signature only to verify it.
   */
  private final int[] links;
  /**
   * Per slot, a 64-bit mask of its ticker hashes and one of its title-number hashes (one bit per
   * hash, 0 for none): masks that do not meet prove the veto without reading the slot.
   */
  private final long[] vetoMasks;
  private final int[] heads;
  private final int mask;
  private final int[] visited;
  private final Map<String, Integer> byId = new HashMap<>();
  private final Map<Long, Integer> byText = new HashMap<>();
  private int oldest;
  private int used;
  private int lookup;
  private long sequence;
  private long newestPublished = Long.MIN_VALUE;

  /** What {@link #assign} decided about one item, and the item with its story id set. */
  public enum Outcome {
    /** First item of a new story; sent, novel. */
    NEW,
    /** Another telling of a known story; sent, not novel, linked to the story's first item. */
    NEAR_DUPLICATE,
    /** The same item again (same URL or same text); dropped. */
    DUPLICATE;

    /** The value of the {@code outcome} metric tag. */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The decision about one item.
   *
   * @param outcome new, near-duplicate or duplicate
   * @param item the item with {@code storyId} and {@code novel} set (for a duplicate, as given)
   * @param similarity estimated Jaccard similarity to the story's item matched, 0 for a new story
   */
  public record Assignment(Outcome outcome, RawNewsItem item, double similarity) {}

  /** One indexed item. */
  private record Slot(String id, String storyId, long published, long sequence, long textHash, boolean banded,
      long[] tickers, long[] numbers) {}

  /** A clusterer with {@link #DEFAULT_CAPACITY} and {@link #DEFAULT_HORIZON}. */
  public StoryClusterer() {
    this(DEFAULT_CAPACITY, DEFAULT_HORIZON);
  }

  /** A clusterer holding at most {@code capacity} items published within {@code horizon} of the newest. */
  public StoryClusterer(int capacity, Duration horizon) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity = " + capacity + ": must be at least 1");
    }
    if (horizon == null || horizon.isNegative() || horizon.isZero()) {
      throw new IllegalArgumentException("horizon = " + horizon + ": must be positive");
    }
    this.capacity = capacity;
    this.horizonMillis = horizon.toMillis();
    int table = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
    this.mask = table - 1;
    this.slots = new Slot[capacity];
    this.signatures = new long[capacity * MinHash.LONGS];
    this.links = new int[capacity * BANDS * 3];
    this.vetoMasks = new long[capacity * 2];
    this.heads = new int[table * BANDS];
    this.visited = new int[capacity];
    Arrays.fill(heads, -1);
  }

  /** Decides whether {@code item} is new, a near-duplicate or a duplicate, and remembers it unless a duplicate. */
  public synchronized Assignment assign(RawNewsItem item) {
    long published = item.publishedAt().toEpochMilli();
    StoryText text = StoryText.of(item.title(), item.summary());
    Integer same = byId.get(item.id());
    if (same == null) {
      same = byText.get(text.textHash());
      if (same != null && Math.abs(slots[same].published() - published) > horizonMillis) {
        same = null;
      }
    }
    if (same != null) {
      return new Assignment(Outcome.DUPLICATE, item, 1.0);
    }
    newestPublished = Math.max(newestPublished, published);
    expire();
    long[] signature = MinHash.signature(text.features());
    boolean banded = text.features().length >= MIN_FEATURES;
    long[] tickers = tickerHashes(item);
    int best = -1;
    double bestSimilarity = 0;
    if (banded) {
      lookup++;
      int checked = 0;
      long tickerMask = mask(tickers);
      long numberMask = mask(text.titleNumbers());
      for (int b = 0; b < BANDS && checked < MAX_CANDIDATES; b++) {
        long key = StoryText.mix(signature[b] ^ (b + 1) * 0x9E3779B97F4A7C15L);
        int fingerprint = (int) (key >>> 32);
        for (int s = heads[b * (mask + 1) + ((int) key & mask)]; s >= 0 && checked < MAX_CANDIDATES;
            s = links[(b * capacity + s) * 3]) {
          if (visited[s] == lookup || links[(b * capacity + s) * 3 + 2] != fingerprint) {
            continue;
          }
          visited[s] = lookup;
          checked++;
          if (disjoint(tickerMask, vetoMasks[2 * s]) || disjoint(numberMask, vetoMasks[2 * s + 1])) {
            continue;
          }
          int equal = MinHash.same(signature, 0, signatures, s * MinHash.LONGS, MIN_SAME);
          if (equal < 0) {
            continue;
          }
          Slot other = slots[s];
          double similarity = (double) equal / HASHES;
          if (Math.abs(other.published() - published) <= horizonMillis
              && !StoryText.disjoint(tickers, other.tickers()) && !StoryText.disjoint(text.titleNumbers(), other.numbers())
              && (similarity > bestSimilarity || similarity == bestSimilarity && other.sequence() < slots[best].sequence())) {
            best = s;
            bestSimilarity = similarity;
          }
        }
      }
    }
    String storyId = best < 0 ? item.id() : slots[best].storyId();
    insert(new Slot(item.id(), storyId, published, sequence++, text.textHash(), banded, tickers, text.titleNumbers()),
        signature);
    if (best < 0) {
      return new Assignment(Outcome.NEW, withStory(item, item.id(), true), 0);
    }
    return new Assignment(Outcome.NEAR_DUPLICATE, withStory(item, storyId, false), bestSimilarity);
  }

  /**
   * What {@link #restore} needs of an item read back from {@code news.raw}: its ids, publication
   * time and signature, without its text, so that a restore holds about 0.3 KB per item.
   */
  static final class Restored {
    final String id;
    final String storyId;
    final long published;
    final long textHash;
    final boolean banded;
    final long[] tickers;
    final long[] numbers;
    final long[] signature;

    Restored(RawNewsItem item) {
      StoryText text = StoryText.of(item.title(), item.summary());
      this.id = item.id();
      this.storyId = item.storyId();
      this.published = item.publishedAt().toEpochMilli();
      this.textHash = text.textHash();
      this.banded = text.features().length >= MIN_FEATURES;
      this.tickers = tickerHashes(item);
      this.numbers = text.titleNumbers();
      this.signature = MinHash.signature(text.features());
    }
  }

  /**
   * Puts an item assigned before a restart back into the index as it was sent, keeping its story id;
   * restore items oldest first. An id already held is left alone.
   */
  synchronized void restore(Restored r) {
    if (byId.containsKey(r.id)) {
      return;
    }
    newestPublished = Math.max(newestPublished, r.published);
    expire();
    if (r.published < newestPublished - horizonMillis) {
      return;
    }
    insert(new Slot(r.id, r.storyId, r.published, sequence++, r.textHash, r.banded, r.tickers, r.numbers), r.signature);
  }

  /** How far apart in publication time items of one story may be. */
  Duration horizon() {
    return Duration.ofMillis(horizonMillis);
  }

  /** Most items held. */
  int capacity() {
    return capacity;
  }

  /** Forgets the item {@code id}, e.g. when sending it failed, so that it counts as unseen when it comes again. */
  public synchronized void forget(String id) {
    Integer s = byId.get(id);
    if (s != null) {
      evict(s);
    }
  }

  /** How many items are held. */
  public synchronized int size() {
    return byId.size();
  }

  private void expire() {
    while (used > 0 && (slots[oldest] == null || slots[oldest].published() < newestPublished - horizonMillis)) {
      if (slots[oldest] != null) {
        evict(oldest);
      }
      oldest = (oldest + 1) % capacity;
      used--;
    }
  }

  private void insert(Slot slot, long[] signature) {
    if (used == capacity) {
      if (slots[oldest] != null) {
        evict(oldest);
      }
      oldest = (oldest + 1) % capacity;
      used--;
    }
    int s = (oldest + used) % capacity;
    used++;
    slots[s] = slot;
    System.arraycopy(signature, 0, signatures, s * MinHash.LONGS, MinHash.LONGS);
    byId.put(slot.id(), s);
    byText.put(slot.textHash(), s);
    vetoMasks[2 * s] = mask(slot.tickers());
    vetoMasks[2 * s + 1] = mask(slot.numbers());
    if (slot.banded()) {
      for (int b = 0; b < BANDS; b++) {
        long key = StoryText.mix(signature[b] ^ (b + 1) * 0x9E3779B97F4A7C15L);
        int head = b * (mask + 1) + ((int) key & mask);
        int first = heads[head];
        int at = (b * capacity + s) * 3;
        links[at] = first;
        links[at + 1] = -1;
        links[at + 2] = (int) (key >>> 32);
        if (first >= 0) {
          links[(b * capacity + first) * 3 + 1] = s;
        }
        heads[head] = s;
      }
    }
  }

  private void evict(int s) {
    Slot slot = slots[s];
    byId.remove(slot.id(), s);
    byText.remove(slot.textHash(), s);
    if (slot.banded()) {
      for (int b = 0; b < BANDS; b++) {
        int at = (b * capacity + s) * 3;
        int after = links[at];
        int before = links[at + 1];
        if (before < 0) {
          long key = StoryText.mix(signatures[s * MinHash.LONGS + b] ^ (b + 1) * 0x9E3779B97F4A7C15L);
          heads[b * (mask + 1) + ((int) key & mask)] = after;
        } else {
          links[(b * capacity + before) * 3] = after;
        }
        if (after >= 0) {
          links[(b * capacity + after) * 3 + 1] = before;
        }
      }
    }
    slots[s] = null;
  }

  private static long[] tickerHashes(RawNewsItem item) {
    return item.entities().stream().mapToLong(t -> StoryText.hash(0, t)).sorted().distinct().toArray();
  }

  /** One bit per hash of {@code hashes}; 0 for none. */
  private static long mask(long[] hashes) {
    long m = 0;
    for (long h : hashes) {
      m |= 1L << (h & 63);
    }
    return m;
  }

  /** True when both masks are non-empty and share no bit, hence their hash sets share no value. */
  private static boolean disjoint(long a, long b) {
    return a != 0 && b != 0 && (a & b) == 0;
  }

  private static RawNewsItem withStory(RawNewsItem item, String storyId, boolean novel) {
    return item.withStory(storyId, novel);
  }
}
