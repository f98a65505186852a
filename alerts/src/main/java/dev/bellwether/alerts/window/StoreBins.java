package dev.bellwether.alerts.window;

import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** {@link Bins} in a Kafka Streams key-value store (changelogged, so they move with their partition). */
public final class StoreBins implements Bins {

  private final KeyValueStore<Bytes, byte[]> store;

  /** Bins kept in {@code store}. */
  public StoreBins(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  @Override
  public WindowAccumulator get(byte[] key) {
    byte[] bytes = store.get(Bytes.wrap(key));
    return bytes == null ? null : WindowAccumulatorSerde.read(bytes);
  }

  @Override
  public void put(byte[] key, WindowAccumulator value) {
    store.put(Bytes.wrap(key), WindowAccumulatorSerde.write(value));
  }

  @Override
  public void delete(byte[] key) {
    store.delete(Bytes.wrap(key));
  }

  @Override
  public void forEach(byte[] from, byte[] to, BiConsumer<byte[], WindowAccumulator> action) {
    Bytes end = Bytes.wrap(to);
    // range() includes its upper bound; a key equal to 'to' is skipped to keep it exclusive.
    try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(from), end)) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        if (kv.key.compareTo(end) < 0) {
          action.accept(kv.key.get(), WindowAccumulatorSerde.read(kv.value));
        }
      }
    }
  }

  @Override
  public byte[] firstKey(byte[] from, byte[] to) {
    Bytes end = Bytes.wrap(to);
    try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(from), end)) {
      while (it.hasNext()) {
        Bytes key = it.next().key;
        if (key.compareTo(end) < 0) {
          return key.get();
        }
      }
    }
    return null;
  }
}
