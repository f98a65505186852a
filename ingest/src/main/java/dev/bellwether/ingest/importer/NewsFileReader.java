package dev.bellwether.ingest.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.normalize.ItemNormalizer;
import dev.bellwether.ingest.parse.FeedEntry;
import dev.bellwether.kafka.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Turns the lines of a {@code .jsonl} or {@code .csv} news file into items, through the same
 * {@link ItemNormalizer} as the feed poller (plain text, canonical URL, id, tickers and company
 * names, language, truncation), or into the reason a line is bad, keeping the line's bytes as
 * written.
 *
 * <p>A JSON line is an object with {@code title} and {@code published_at} and optionally {@code id},
 * {@code url}, {@code summary}, {@code source} and {@code entities} (an array or a comma-separated
 * string); text fields must be JSON strings. An exported {@code news.raw} record is such a line. A
 * CSV file has a header naming at least {@code title} and {@code published_at}, and optionally
 * {@code id}, {@code url}, {@code summary}, {@code source} and {@code tickers}. Times are ISO-8601
 * ({@code 2026-11-02T09:00:00Z} or with an offset), RFC 1123 ({@code Mon, 2 Nov 2026 09:00:00 GMT})
 * or epoch seconds or milliseconds. An item without a URL or id gets an id from its source, title
 * and time; an explicit id is kept as it is. Lines must be UTF-8.
 */
final class NewsFileReader {

  /** What one line became: an item, or the reason it is bad. */
  sealed interface Line {}

  /**
   * A line read as an item.
   *
   * @param number its line number
   * @param item the normalised item
   */
  record Item(long number, RawNewsItem item) implements Line {}

  /**
   * A line that could not be read.
   *
   * @param number its line number
   * @param reason why
   * @param raw the line's bytes as written (for a CSV record over several lines, those lines joined by LF)
   */
  record Bad(long number, String reason, byte[] raw) implements Line {
    /** A bad line given as text. */
    Bad(long number, String reason, String text) {
      this(number, reason, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bad b && b.number == number && b.reason.equals(reason) && Arrays.equals(b.raw, raw);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(number) * 31 + reason.hashCode();
    }

    @Override
    public String toString() {
      return "Bad[" + number + ", " + reason + ", " + new String(raw, StandardCharsets.UTF_8) + "]";
    }
  }

  /** Epoch values below this are seconds, above it milliseconds (1e11 s is the year 5138). */
  private static final long SECONDS_LIMIT = 100_000_000_000L;
  private static final ObjectReader JSON = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final ItemNormalizer normalizer;
  private final String defaultSource;
  private final Instant fetchedAt;

  /** A reader normalising with {@code normalizer}; items that name no source get {@code defaultSource}. */
  NewsFileReader(ItemNormalizer normalizer, String defaultSource, Instant fetchedAt) {
    this.normalizer = normalizer;
    this.defaultSource = defaultSource;
    this.fetchedAt = fetchedAt;
  }

  /** Reads JSON lines, calling {@code sink} for each non-blank line in order. */
  void readJsonLines(InputStream in, Consumer<Line> sink) throws IOException {
    ByteLines lines = new ByteLines(in);
    long number = 0;
    for (byte[] raw = lines.next(); raw != null; raw = lines.next()) {
      number++;
      String text;
      try {
        text = strictUtf8(raw);
      } catch (CharacterCodingException e) {
        sink.accept(new Bad(number, notUtf8(raw), raw));
        continue;
      }
      if (!text.isBlank()) {
        sink.accept(json(number, text, raw));
      }
    }
  }

  /** Reads CSV records after the header, calling {@code sink} for each non-blank record in order. */
  void readCsv(InputStream in, Consumer<Line> sink) throws IOException {
    DecodedLines decoded = new DecodedLines(new ByteLines(in));
    CsvRecords csv = new CsvRecords(decoded);
    CsvRecords.Row header = csv.next();
    if (header == null) {
      throw new IOException("the CSV file is empty: it needs a header with at least title and published_at");
    }
    if (!decoded.take(header.line(), header.lastLine()).utf8()) {
      throw new IOException("the CSV header is not UTF-8 text: save the file as UTF-8");
    }
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.fields().size(); i++) {
      columns.putIfAbsent(header.fields().get(i).strip().toLowerCase(Locale.ROOT).replace('-', '_'), i);
    }
    if (!columns.containsKey("title") || !columns.containsKey("published_at")) {
      throw new IOException("the CSV header " + header.fields() + " must name at least the columns title and published_at");
    }
    for (CsvRecords.Row row = csv.next(); row != null; row = csv.next()) {
      Written written = decoded.take(row.line(), row.lastLine());
      if (!written.utf8()) {
        sink.accept(new Bad(row.line(), notUtf8(written.bytes()), written.bytes()));
        continue;
      }
      if (row.error() != null) {
        sink.accept(new Bad(row.line(), row.error(), written.bytes()));
        continue;
      }
      if (row.fields().stream().allMatch(String::isBlank)) {
        continue;
      }
      String text = String.join(",", row.fields());
      Map<String, String> values = new HashMap<>();
      List<String> fields = row.fields();
      columns.forEach((name, i) -> values.put(name, i < fields.size() ? fields.get(i) : ""));
      byte[] raw = text.getBytes(StandardCharsets.UTF_8);
      sink.accept(item(row.line(), raw, values.get("id"), values.get("title"), values.get("url"), values.get("summary"),
          values.get("source"), values.get("published_at"), split(values.getOrDefault("tickers", ""))));
    }
  }

  private Line json(long number, String text, byte[] raw) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return new Bad(number, "not JSON: " + Json.problem(e), raw);
    }
    if (node == null || !node.isObject()) {
      return new Bad(number, "not a JSON object", raw);
    }
    try {
      JsonNode published = node.get("published_at");
      String time = null;
      if (published != null && !published.isNull()) {
        if (!published.isTextual() && !published.isIntegralNumber()) {
          throw new WrongType("published_at must be a time as a JSON string, or epoch seconds or milliseconds as a"
              + " whole number, not " + kind(published));
        }
        time = published.asText();
      }
      List<String> tickers = new ArrayList<>();
      JsonNode entities = node.get("entities");
      if (entities != null && entities.isArray()) {
        for (JsonNode e : entities) {
          if (!e.isTextual()) {
            throw new WrongType("entities must hold JSON strings, not " + kind(e));
          }
          tickers.add(e.textValue());
        }
      } else if (entities != null && entities.isTextual()) {
        tickers.addAll(split(entities.textValue()));
      } else if (entities != null && !entities.isNull()) {
        throw new WrongType("entities must be a JSON array of strings or a string, not " + kind(entities));
      }
      return item(number, raw, text(node, "id"), text(node, "title"), text(node, "url"), text(node, "summary"),
          text(node, "source"), time, tickers);
    } catch (WrongType e) {
      return new Bad(number, e.getMessage(), raw);
    }
  }

  private Line item(long number, byte[] raw, String id, String title, String url, String summary, String source,
      String time, List<String> tickers) {
    if (title == null || title.isBlank()) {
      return new Bad(number, "title is missing", raw);
    }
    if (time == null || time.isBlank()) {
      return new Bad(number, "published_at is missing", raw);
    }
    Instant published;
    try {
      published = time(time.strip());
    } catch (DateTimeParseException | NumberFormatException e) {
      return new Bad(number, "published_at '" + time + "' is not a time (use ISO-8601, e.g. 2026-11-02T09:00:00Z)", raw);
    }
    String src = source == null || source.isBlank() ? defaultSource : source.strip();
    boolean explicitId = id != null && !id.isBlank();
    String guid = explicitId ? id.strip() : src + "|" + title.strip() + "|" + published;
    Optional<RawNewsItem> item = normalizer.item(
        new FeedEntry(title, url, guid, summary, published, List.of()), src, "", tickers, fetchedAt);
    if (item.isEmpty()) {
      return new Bad(number, "title is empty once HTML is removed", raw);
    }
    // An explicit id (e.g. from an exported news.raw record) is kept, so re-imports keep their identity.
    return new Item(number, explicitId ? item.get().withId(id.strip()) : item.get());
  }

  static Instant time(String text) {
    if (text.chars().allMatch(Character::isDigit)) {
      long value = Long.parseLong(text);
      return value < SECONDS_LIMIT ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }
  }

  /** The string field {@code name}, or null when absent or JSON null. */
  private static String text(JsonNode node, String name) throws WrongType {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new WrongType(name + " must be a JSON string, not " + kind(value));
    }
    return value.textValue();
  }

  private static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case NUMBER -> "a number (" + value.asText() + ")";
      case BOOLEAN -> "a boolean (" + value.asText() + ")";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static List<String> split(String tickers) {
    List<String> out = new ArrayList<>();
    for (String t : tickers.split("[\\s,;|]+")) {
      String s = t.strip().replace("$", "");
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private static String strictUtf8(byte[] raw) throws CharacterCodingException {
    return decoder().decode(ByteBuffer.wrap(raw)).toString();
  }

  private static CharsetDecoder decoder() {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** Why {@code raw} is no UTF-8 text, naming the first bad byte. */
  private static String notUtf8(byte[] raw) {
    CharsetDecoder decoder = decoder();
    ByteBuffer in = ByteBuffer.wrap(raw);
    CharBuffer out = CharBuffer.allocate(raw.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    int at = result.isError() ? in.position() : 0;
    return String.format(Locale.ROOT, "not UTF-8 text (byte 0x%02X at byte %d of the line); its bytes are kept in"
        + " the dead letter, base64-encoded", raw[Math.min(at, raw.length - 1)] & 0xff, at + 1);
  }

  /** A field of the wrong JSON type. */
  private static final class WrongType extends Exception {
    private static final long serialVersionUID = 1L;

    WrongType(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The lines of one CSV record as written.
   *
   * @param bytes the lines' bytes joined by LF
   * @param utf8 whether every one of them is UTF-8
   */
  private record Written(byte[] bytes, boolean utf8) {}

  /**
   * The characters of a file's lines for the CSV reader, each line ending in LF, malformed UTF-8
   * replaced; the bytes of each line are kept until the record holding it has been read, so that
   * a record with a line that is not UTF-8 can be dead-lettered as written.
   */
  private static final class DecodedLines extends Reader {
    private final ByteLines lines;
    private final TreeMap<Integer, byte[]> raw = new TreeMap<>();
    private final Set<Integer> malformedLines = new HashSet<>();
    private String current = "";
    private int position;
    private int number;

    DecodedLines(ByteLines lines) {
      this.lines = lines;
    }

    /** Lines {@code first} to {@code last} as written, joined by LF; those lines and any before them are forgotten. */
    Written take(int first, int last) {
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      for (int n = first; n <= last; n++) {
        if (n > first) {
          joined.write('\n');
        }
        joined.writeBytes(raw.getOrDefault(n, new byte[0]));
      }
      boolean utf8 = malformedLines.stream().noneMatch(n -> n >= first && n <= last);
      raw.headMap(last, true).clear();
      malformedLines.removeIf(n -> n <= last);
      return new Written(joined.toByteArray(), utf8);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      while (position >= current.length()) {
        byte[] bytes = lines.next();
        if (bytes == null) {
          return -1;
        }
        number++;
        raw.put(number, bytes);
        try {
          current = strictUtf8(bytes) + "\n";
        } catch (CharacterCodingException e) {
          malformedLines.add(number);
          current = new String(bytes, StandardCharsets.UTF_8) + "\n";
        }
        position = 0;
      }
      int n = Math.min(length, current.length() - position);
      current.getChars(position, position + n, buffer, offset);
      position += n;
      return n;
    }

    @Override
    public void close() {}
  }
}
