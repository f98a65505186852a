package dev.bellwether.alerts.window;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;

/** {@link Bins} in a sorted map on the heap: for runs outside Kafka Streams (replay, backtest, benchmarks). */
public final class MemoryBins implements Bins {

  private final TreeMap<Bytes, WindowAccumulator> bins = new TreeMap<>();

  @Override
  public WindowAccumulator get(byte[] key) {
    return bins.get(Bytes.wrap(key));
  }

  @Override
  public void put(byte[] key, WindowAccumulator value) {
    bins.put(Bytes.wrap(key), value);
  }

  @Override
  public void delete(byte[] key) {
    bins.remove(Bytes.wrap(key));
  }

  @Override
  public void forEach(byte[] from, byte[] to, BiConsumer<byte[], WindowAccumulator> action) {
    for (Map.Entry<Bytes, WindowAccumulator> e : bins.subMap(Bytes.wrap(from), Bytes.wrap(to)).entrySet()) {
      action.accept(e.getKey().get(), e.getValue());
    }
  }

  @Override
  public byte[] firstKey(byte[] from, byte[] to) {
    Bytes first = bins.ceilingKey(Bytes.wrap(from));
    return first == null || first.compareTo(Bytes.wrap(to)) >= 0 ? null : first.get();
  }

  /** Bins held, for tests and memory checks. */
  public int size() {
    return bins.size();
  }
}
