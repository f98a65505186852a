package dev.bellwether.ops.backtest;

import dev.bellwether.classifier.model.ClassifiedText;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import dev.bellwether.ingest.importer.CountingInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scores of one model under one set of scoring settings, kept on disk between backtests:
 * keyed by the SHA-256 of the text the model reads (headline and summary), so a re-run after a
 * change of the alert rules, the dates or the de-duplication scores nothing again, and a file
 * that shares items with an earlier one scores only the new ones.
 *
 * <p>One file per model id (its content hash) and settings, written as scores come (an
 * interrupted run keeps what it scored; a torn last record is dropped on the next open). Each
 * record holds the probabilities the model gave, so a score read back is the score the model gave.
 */
final class ScoreCache implements AutoCloseable {

  private static final int MAGIC = 0x42575343; // "BWSC"
  private static final int VERSION = 1;

  /** 128 bits of the text's SHA-256. */
  private record Key(long high, long low) {}

  /** The stored verdict: probabilities as the model gave them, its flags and pieces. */
  private record Entry(float[] topic, float[] sentiment, List<String> flags, int chunks) {}

  private final Path file;
  private final ModelId model;
  private final List<String> topicLabels;
  private final Map<Key, Entry> entries;
  private final int loaded;
  private DataOutputStream out;

  private ScoreCache(Path file, ModelId model, List<String> topicLabels, Map<Key, Entry> entries) {
    this.file = file;
    this.model = model;
    this.topicLabels = List.copyOf(topicLabels);
    this.entries = entries;
    this.loaded = entries.size();
  }

  /**
   * The cache of {@code model} (whose topic labels are {@code topicLabels}) scoring with
   * {@code settings} (anything that changes a score: chunking, headline weight, token limit) in
   * {@code dir}, created when missing.
   */
  static ScoreCache open(Path dir, ModelId model, List<String> topicLabels, String settings) throws IOException {
    Files.createDirectories(dir);
    String name = "scores-" + model.sha256().substring(0, Math.min(16, model.sha256().length())) + "-"
        + hex(sha256(settings)).substring(0, 8) + ".bin";
    Path file = dir.resolve(name);
    String header = model.display() + "\n" + settings + "\n" + String.join("\n", topicLabels);
    Map<Key, Entry> entries = new HashMap<>();
    if (Files.exists(file)) {
      long whole = read(file, header, topicLabels.size(), entries);
      if (whole < 0) {
        // Another model or settings under the same name (a hash prefix clash), or a damaged file: start over.
        Files.delete(file);
        entries.clear();
      } else if (whole < Files.size(file)) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(whole);
        }
      }
    }
    ScoreCache cache = new ScoreCache(file, model, topicLabels, entries);
    boolean fresh = !Files.exists(file);
    cache.out = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16));
    if (fresh) {
      cache.out.writeInt(MAGIC);
      cache.out.writeInt(VERSION);
      cache.out.writeUTF(header);
    }
    return cache;
  }

  /**
   * Reads the records of {@code file} into {@code entries}; returns the length of its whole
   * records, or -1 when its header is not {@code header}.
   */
  private static long read(Path file, String header, int topics, Map<Key, Entry> entries) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        CountingData in = new CountingData(new BufferedInputStream(raw, 1 << 16))) {
      try {
        if (in.readInt() != MAGIC || in.readInt() != VERSION || !in.readUTF().equals(header)) {
          return -1;
        }
      } catch (EOFException e) {
        return -1;
      }
      long whole = in.count();
      while (true) {
        try {
          Key key = new Key(in.readLong(), in.readLong());
          float[] topic = new float[topics];
          for (int i = 0; i < topics; i++) {
            topic[i] = in.readFloat();
          }
          float[] sentiment = {in.readFloat(), in.readFloat(), in.readFloat()};
          String flags = in.readUTF();
          int chunks = in.readUnsignedShort();
          entries.put(key, new Entry(topic, sentiment, flags.isEmpty() ? List.of() : List.of(flags.split(",")), chunks));
          whole = in.count();
        } catch (EOFException e) {
          return whole;
        }
      }
    }
  }

  /** Scores read from the file when it was opened. */
  int loaded() {
    return loaded;
  }

  /** Scores held. */
  int size() {
    return entries.size();
  }

  /** The model whose scores these are. */
  ModelId model() {
    return model;
  }

  /** The file. */
  Path file() {
    return file;
  }

  /** Whether {@code item}'s text has a score. */
  boolean contains(RawNewsItem item) {
    return entries.containsKey(keyOf(item));
  }

  /** The verdict on {@code item}'s text, or null when it was never scored. */
  ClassifiedText get(RawNewsItem item) {
    Entry e = entries.get(keyOf(item));
    if (e == null) {
      return null;
    }
    Map<String, Double> byLabel = new LinkedHashMap<>();
    int best = 0;
    for (int k = 0; k < e.topic().length; k++) {
      byLabel.put(topicLabels.get(k), (double) e.topic()[k]);
      if (e.topic()[k] > e.topic()[best]) {
        best = k;
      }
    }
    float[] s = e.sentiment();
    return new ClassifiedText(new TopicPrediction(topicLabels.get(best), e.topic()[best], byLabel),
        SentimentPrediction.fromProbabilities(s[0], s[1], s[2]), e.flags(), e.chunks());
  }

  /** Keeps {@code verdict} as the score of {@code item}'s text and appends it to the file. */
  void put(RawNewsItem item, ClassifiedText verdict) {
    float[] topic = new float[topicLabels.size()];
    for (int k = 0; k < topic.length; k++) {
      topic[k] = verdict.topic().probabilities().getOrDefault(topicLabels.get(k), 0.0).floatValue();
    }
    SentimentPrediction s = verdict.sentiment();
    Entry entry = new Entry(topic, new float[] {(float) s.negative(), (float) s.neutral(), (float) s.positive()},
        verdict.flags(), verdict.chunks());
    Key key = keyOf(item);
    entries.put(key, entry);
    try {
      out.writeLong(key.high());
      out.writeLong(key.low());
      for (float f : entry.topic()) {
        out.writeFloat(f);
      }
      for (float f : entry.sentiment()) {
        out.writeFloat(f);
      }
      out.writeUTF(String.join(",", entry.flags()));
      out.writeShort(Math.min(0xffff, entry.chunks()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the score cache " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes what is buffered. */
  void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the score cache " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private static Key keyOf(RawNewsItem item) {
    byte[] h = sha256(item.title() + '\u0000' + item.summary());
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = high << 8 | (h[i] & 0xff);
      low = low << 8 | (h[8 + i] & 0xff);
    }
    return new Key(high, low);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(String.format(Locale.ROOT, "%02x", b));
    }
    return s.toString();
  }

  /** A data stream that counts the bytes read, so the end of the last whole record is known. */
  private static final class CountingData extends DataInputStream {
    private final CountingInputStream counter;

    CountingData(InputStream in) {
      this(new CountingInputStream(in));
    }

    private CountingData(CountingInputStream counter) {
      super(counter);
      this.counter = counter;
    }

    long count() {
      return counter.count();
    }
  }
}
