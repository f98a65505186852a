package dev.bellwether.kafka;

import dev.bellwether.event.Tick;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How {@link Tick ticks} travel on the item topics ({@code news.raw}, {@code news.scored}): as
 * records keyed {@link #KEY}, marked by the {@link #HEADER} header, with the tick as JSON value.
 * Every reader of those topics asks {@link #isTick(Headers)} first and skips (or, in the pipeline
 * stages, forwards) what it says is a tick.
 */
public final class Ticks {

  /** The header that marks a tick record. */
  public static final String HEADER = "bellwether-tick";

  /** The key of every tick record. */
  public static final String KEY = "~tick";

  private static final byte[] MARK = "1".getBytes(StandardCharsets.UTF_8);
  private static final JsonCodec<Tick> CODEC = new JsonCodec<>(Tick.class);

  private Ticks() {}

  /** Whether a record with {@code headers} is a tick. */
  public static boolean isTick(Headers headers) {
    if (headers == null) {
      return false;
    }
    Header mark = headers.lastHeader(HEADER);
    return mark != null;
  }

  /** Headers that mark a tick record. */
  public static Headers headers() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(HEADER, MARK);
    return headers;
  }

  /** Adds the tick mark to {@code headers} (once) and returns them. */
  public static Headers mark(Headers headers) {
    if (!isTick(headers)) {
      headers.add(HEADER, MARK);
    }
    return headers;
  }

  /** The record that writes {@code tick} to its partition of {@code topic}. */
  public static ProducerRecord<String, byte[]> record(String topic, Tick tick) {
    return new ProducerRecord<>(topic, tick.partition(), null, KEY, encode(tick), headers());
  }

  /** The JSON form of {@code tick}. */
  public static byte[] encode(Tick tick) {
    return CODEC.encode(tick);
  }

  /** Reads a tick's value. */
  public static Tick decode(byte[] value) throws InvalidRecordException {
    return CODEC.decode(value);
  }

  /** The codec of tick values. */
  public static JsonCodec<Tick> codec() {
    return CODEC;
  }
}
