package dev.bellwether.alerts.window;

import dev.bellwether.event.Headline;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of {@link WindowAccumulator} in the window store and its changelog. It is
 * internal state, never a contract between modules, so it trades JSON's readability for a rewrite
 * per item that is small and cheap; the leading format byte lets a later layout coexist.
 */
public final class WindowAccumulatorSerde implements Serde<WindowAccumulator> {

  /**
   * Format 4, with the source of each negative story and each headline's entities; format 3
   * (without them: sources read as unknown, headlines with no entities) is still read. Formats 1
   * and 2 lived only in the window stores that the bin store replaced, so they are never read.
   */
  private static final byte FORMAT = 4;

  /** The format before negative stories carried their source and headlines their entities. */
  private static final byte FORMAT_3 = 3;

  @Override
  public Serializer<WindowAccumulator> serializer() {
    return (topic, value) -> value == null ? null : write(value);
  }

  @Override
  public Deserializer<WindowAccumulator> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(WindowAccumulator a) {
    List<byte[]> texts = new ArrayList<>(6 * a.topNegative.size() + a.models.size());
    for (Headline h : a.topNegative) {
      texts.add(utf8(h.itemId()));
      texts.add(utf8(h.storyId()));
      texts.add(utf8(h.title()));
      texts.add(utf8(h.url()));
      texts.add(utf8(h.source()));
      texts.add(utf8(String.join(",", h.entities())));
    }
    for (String model : a.models) {
      texts.add(utf8(model));
    }
    int size = 1 + 5 * 8 + 4 + 16 * a.stories.length + 4 + 24 * a.negativeStories.length + 2 * 8 + 4
        + a.topNegative.size() * 16 + 4;
    for (byte[] text : texts) {
      size += 4 + (text == null ? 0 : text.length);
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(FORMAT);
    out.putLong(a.items).putLong(a.negative).putLong(a.neutral).putLong(a.positive).putLong(a.scoreSum);
    out.putInt(a.stories.length);
    putLongs(out, a.stories);
    putLongs(out, a.firstSeen);
    out.putInt(a.negativeStories.length);
    putLongs(out, a.negativeStories);
    putLongs(out, a.firstNegative);
    putLongs(out, a.negativeSources);
    out.putLong(a.untrackedStories).putLong(a.untrackedNegativeStories);
    out.putInt(a.topNegative.size());
    int t = 0;
    for (Headline h : a.topNegative) {
      for (int i = 0; i < 6; i++) {
        putText(out, texts.get(t++));
      }
      out.putLong(h.publishedAt() == null ? Long.MIN_VALUE : h.publishedAt().toEpochMilli());
      out.putDouble(h.score());
    }
    out.putInt(a.models.size());
    while (t < texts.size()) {
      putText(out, texts.get(t++));
    }
    return out.array();
  }

  static WindowAccumulator read(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte format = in.get();
      if (format != FORMAT && format != FORMAT_3) {
        throw new SerializationException("window accumulator has unknown format " + format + "; expected " + FORMAT);
      }
      long items = in.getLong();
      long negative = in.getLong();
      long neutral = in.getLong();
      long positive = in.getLong();
      long scoreSum = in.getLong();
      long[] stories = getHashes(in);
      long[] firstSeen = getLongs(in, stories.length);
      long[] negativeStories = getHashes(in);
      long[] firstNegative = getLongs(in, negativeStories.length);
      long[] negativeSources = format == FORMAT_3
          ? new long[negativeStories.length] : getLongs(in, negativeStories.length);
      long untracked = in.getLong();
      long untrackedNegative = in.getLong();
      int headlineCount = in.getInt();
      List<Headline> headlines = new ArrayList<>(headlineCount);
      for (int i = 0; i < headlineCount; i++) {
        String itemId = getText(in);
        String storyId = getText(in);
        String title = getText(in);
        String url = getText(in);
        String source = getText(in);
        String entities = format == FORMAT ? getText(in) : null;
        long published = in.getLong();
        double score = in.getDouble();
        headlines.add(new Headline(itemId, storyId, title, url, source,
            published == Long.MIN_VALUE ? null : Instant.ofEpochMilli(published), score,
            entities == null || entities.isEmpty() ? List.of() : List.of(entities.split(","))));
      }
      int modelCount = in.getInt();
      List<String> models = new ArrayList<>(modelCount);
      for (int i = 0; i < modelCount; i++) {
        models.add(getText(in));
      }
      return new WindowAccumulator(
          items, negative, neutral, positive, scoreSum, stories, negativeStories, firstSeen, firstNegative, negativeSources,
          untracked,
          untrackedNegative, headlines, models);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new SerializationException("corrupt window accumulator of " + bytes.length + " bytes", e);
    }
  }

  private static long[] getHashes(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > WindowAccumulator.MAX_TRACKED_STORIES) {
      throw new SerializationException("window accumulator claims " + n + " stories");
    }
    return getLongs(in, n);
  }

  private static long[] getLongs(ByteBuffer in, int n) {
    long[] values = new long[n];
    in.asLongBuffer().get(values);
    in.position(in.position() + 8 * n);
    return values;
  }

  private static void putLongs(ByteBuffer out, long[] values) {
    out.asLongBuffer().put(values);
    out.position(out.position() + 8 * values.length);
  }

  private static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  /** Length-prefixed UTF-8; -1 stands for null. */
  private static void putText(ByteBuffer out, byte[] utf8) {
    if (utf8 == null) {
      out.putInt(-1);
      return;
    }
    out.putInt(utf8.length).put(utf8);
  }

  private static String getText(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0) {
      return null;
    }
    String text = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
    in.position(in.position() + n);
    return text;
  }
}
