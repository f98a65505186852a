package dev.bellwether.ingest.dedup;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of items already sent, remembered far longer than the story index holds items, so that a
 * feed re-listing weeks-old items (central banks and regulators list a month or more) never sends
 * them twice. Bounded twice: at most {@code capacity} ids (the longest-known leaves first) and none
 * seen longer than {@code maxAge} ago.
 *
 * <p>Ids are kept as 64-bit fingerprints of the 128-bit item id: about 100 bytes an entry, and a
 * collision (one new item taken for a repeat) is expected once in about 10^9 items at 500,000 held.
 * Not thread-safe; {@link Deduplicator} guards it.
 */
final class SeenIds {

  private final int capacity;
  private final long maxAgeMillis;
  /** Fingerprint to the time it was seen (epoch millis), in the order seen. */
  private final LinkedHashMap<Long, Long> seen;

  SeenIds(int capacity, Duration maxAge) {
    this.capacity = capacity;
    this.maxAgeMillis = maxAge.toMillis();
    this.seen = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false);
  }

  /** Whether {@code id} was seen within the maximum age before {@code now}. */
  boolean contains(String id, Instant now) {
    expire(now.toEpochMilli());
    return seen.containsKey(fingerprint(id));
  }

  /** Remembers {@code id} as seen at {@code at}; the oldest entry leaves when full. */
  void add(String id, Instant at) {
    long fp = fingerprint(id);
    seen.remove(fp);
    seen.put(fp, at.toEpochMilli());
    if (seen.size() > capacity) {
      Iterator<Long> oldest = seen.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  void remove(String id) {
    seen.remove(fingerprint(id));
  }

  int size() {
    return seen.size();
  }

  private void expire(long now) {
    Iterator<Map.Entry<Long, Long>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue() >= now - maxAgeMillis) {
        return;
      }
      it.remove();
    }
  }

  /** Both halves of an ingest id (32 hex digits) folded into 64 bits, else a hash of the whole text. */
  static long fingerprint(String id) {
    if (id.length() == 32) {
      long hi = 0;
      long lo = 0;
      for (int i = 0; i < 32; i++) {
        int d = Character.digit(id.charAt(i), 16);
        if (d < 0) {
          return StoryText.hash(0x6964L, id);
        }
        if (i < 16) {
          hi = hi << 4 | d;
        } else {
          lo = lo << 4 | d;
        }
      }
      return StoryText.mix(hi) ^ lo;
    }
    return StoryText.hash(0x6964L, id);
  }
}
