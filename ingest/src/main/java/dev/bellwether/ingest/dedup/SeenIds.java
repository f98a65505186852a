package dev.bellwether.ingest.dedup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of items already sent, so that re-polling a feed never sends an item twice: a bounded,
 * least-recently-seen-first set held in memory.
 *
 * <p>It forgets everything on restart, so a restarted ingest sends the items still in its feeds
 * once more. Durable suppression across restarts belongs here, backed by a compacted topic or a
 * local store of recent ids (a later issue); until then consumers must tolerate a repeat per
 * restart, which the story-id key makes cheap to detect.
 */
public final class SeenIds {

  private final Map<String, Boolean> ids;

  /** A set that keeps the {@code capacity} most recently seen ids. */
  public SeenIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity = " + capacity + ": must be at least 1");
    }
    this.ids = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Records {@code id}; true when it was not seen before (or was forgotten), false for a duplicate. */
  public synchronized boolean add(String id) {
    return ids.put(id, Boolean.TRUE) == null;
  }

  /** Forgets {@code id}, e.g. when sending it failed, so that the next poll tries again. */
  public synchronized void remove(String id) {
    ids.remove(id);
  }

  /** How many ids are held. */
  public synchronized int size() {
    return ids.size();
  }
}
