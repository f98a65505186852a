package dev.bellwether.alerts.window;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * The accumulators of one window advance ("bin") per scope, from which every window is merged:
 * a window of {@code size} ending at {@code end} is the bins starting in {@code [end - size, end)}.
 * Each item is added to one bin instead of to each of the {@code size / advance} windows it falls
 * in, and windows of any length can be built from the same bins.
 *
 * <p>Keys are bytes ordered as the bins are used: timeline, window group, bin start, scope (see
 * {@link #key}), so that one range read gives every scope's bins of a time span in time order.
 * In the Streams app the bins live in a changelogged key-value store; offline (replay, backtest)
 * in memory.
 */
public interface Bins {

  /** The accumulator at {@code key}, or null when the bin is empty. */
  WindowAccumulator get(byte[] key);

  /** Stores {@code value} at {@code key}. */
  void put(byte[] key, WindowAccumulator value);

  /** Removes the bin at {@code key}. */
  void delete(byte[] key);

  /** Runs {@code action} on each bin with {@code from <= key < to}, in key order; it must not change the bins. */
  void forEach(byte[] from, byte[] to, BiConsumer<byte[], WindowAccumulator> action);

  /** The first key with {@code from <= key < to}, or null when there is none. */
  byte[] firstKey(byte[] from, byte[] to);

  /** The key of the bin of {@code scope} starting at {@code start}. */
  static byte[] key(String timeline, String group, long start, String scope) {
    byte[] prefix = prefix(timeline, group);
    byte[] s = scope.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(prefix.length + Long.BYTES + s.length)
        .put(prefix).putLong(start ^ Long.MIN_VALUE).put(s).array();
  }

  /** The lowest key of the bins starting at or after {@code start}. */
  static byte[] from(String timeline, String group, long start) {
    byte[] prefix = prefix(timeline, group);
    return ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(start ^ Long.MIN_VALUE).array();
  }

  /** The bin start encoded in {@code key}. */
  static long startOf(byte[] key, String timeline, String group) {
    return ByteBuffer.wrap(key, prefix(timeline, group).length, Long.BYTES).getLong() ^ Long.MIN_VALUE;
  }

  /** The scope encoded in {@code key}. */
  static String scopeOf(byte[] key, String timeline, String group) {
    int at = prefix(timeline, group).length + Long.BYTES;
    return new String(key, at, key.length - at, StandardCharsets.UTF_8);
  }

  /** Timeline and group, each ended by a zero byte, which neither contains. */
  private static byte[] prefix(String timeline, String group) {
    byte[] t = timeline.getBytes(StandardCharsets.UTF_8);
    byte[] g = group.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(t.length + g.length + 2).put(t).put((byte) 0).put(g).put((byte) 0).array();
  }
}
