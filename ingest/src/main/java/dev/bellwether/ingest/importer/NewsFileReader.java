package dev.bellwether.ingest.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.config.IngestConfig;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.normalize.CompanyDictionary;
import dev.bellwether.ingest.normalize.ItemNormalizer;
import dev.bellwether.ingest.parse.FeedEntry;
import dev.bellwether.kafka.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the lines of a {@code .jsonl} or {@code .csv} news file into items, normalised like feed
 * entries (plain text, canonical URL, id, tickers), or into the reason a line is bad.
 *
 * <p>A JSON line is an object with {@code title} and {@code published_at} and optionally {@code id},
 * {@code url}, {@code summary}, {@code source} and {@code entities} (an array or a comma-separated
 * string); an exported {@code news.raw} record is such a line. A CSV file has a header naming at
 * least {@code title} and {@code published_at}, and optionally {@code id}, {@code url},
 * {@code summary}, {@code source} and {@code tickers}. Times are ISO-8601 ({@code 2026-11-02T09:00:00Z}
 * or with an offset), RFC 1123 ({@code Mon, 2 Nov 2026 09:00:00 GMT}) or epoch seconds or
 * milliseconds. An item without a URL or id gets an id from its source, title and time.
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
   * @param text the line as written
   */
  record Bad(long number, String reason, String text) implements Line {}

  /** Epoch values below this are seconds, above it milliseconds (1e11 s is the year 5138). */
  private static final long SECONDS_LIMIT = 100_000_000_000L;
  private final ItemNormalizer normalizer;
  private final String defaultSource;
  private final Instant fetchedAt;

  /** A reader without company names and with the default summary limit. */
  NewsFileReader(String defaultSource, Instant fetchedAt) {
    this(new ItemNormalizer(CompanyDictionary.empty(), IngestConfig.DEFAULT_MAX_SUMMARY_CHARS), defaultSource,
        fetchedAt);
  }

  /** A reader normalising with {@code normalizer}; items that name no source get {@code defaultSource}. */
  NewsFileReader(ItemNormalizer normalizer, String defaultSource, Instant fetchedAt) {
    this.normalizer = normalizer;
    this.defaultSource = defaultSource;
    this.fetchedAt = fetchedAt;
  }

  /** Reads JSON lines, calling {@code sink} for each non-blank line in order. */
  void readJsonLines(BufferedReader in, java.util.function.Consumer<Line> sink) throws IOException {
    long number = 0;
    for (String text = in.readLine(); text != null; text = in.readLine()) {
      number++;
      if (!text.isBlank()) {
        sink.accept(json(number, text));
      }
    }
  }

  /** Reads CSV records after the header, calling {@code sink} for each non-blank record in order. */
  void readCsv(BufferedReader in, java.util.function.Consumer<Line> sink) throws IOException {
    CsvRecords csv = new CsvRecords(in);
    CsvRecords.Row header = csv.next();
    if (header == null) {
      throw new IOException("the CSV file is empty: it needs a header with at least title and published_at");
    }
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.fields().size(); i++) {
      columns.putIfAbsent(header.fields().get(i).strip().toLowerCase(Locale.ROOT).replace('-', '_'), i);
    }
    if (!columns.containsKey("title") || !columns.containsKey("published_at")) {
      throw new IOException("the CSV header " + header.fields() + " must name at least the columns title and published_at");
    }
    for (CsvRecords.Row row = csv.next(); row != null; row = csv.next()) {
      if (row.fields().stream().allMatch(String::isBlank)) {
        continue;
      }
      String text = String.join(",", row.fields());
      if (row.error() != null) {
        sink.accept(new Bad(row.line(), row.error(), text));
        continue;
      }
      Map<String, String> values = new HashMap<>();
      List<String> fields = row.fields();
      columns.forEach((name, i) -> values.put(name, i < fields.size() ? fields.get(i) : ""));
      sink.accept(item(row.line(), text, values.get("id"), values.get("title"), values.get("url"), values.get("summary"),
          values.get("source"), values.get("published_at"), split(values.getOrDefault("tickers", ""))));
    }
  }

  private Line json(long number, String text) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      return new Bad(number, "not JSON: " + e.getOriginalMessage(), text);
    }
    if (node == null || !node.isObject()) {
      return new Bad(number, "not a JSON object", text);
    }
    JsonNode published = node.get("published_at");
    String time = published == null || published.isNull() ? null : published.asText();
    List<String> tickers = new ArrayList<>();
    JsonNode entities = node.get("entities");
    if (entities != null && entities.isArray()) {
      entities.forEach(e -> tickers.add(e.asText()));
    } else if (entities != null && entities.isTextual()) {
      tickers.addAll(split(entities.asText()));
    }
    return item(number, text, field(node, "id"), field(node, "title"), field(node, "url"), field(node, "summary"),
        field(node, "source"), time, tickers);
  }

  private Line item(long number, String text, String id, String title, String url, String summary, String source,
      String time, List<String> tickers) {
    if (title == null || title.isBlank()) {
      return new Bad(number, "title is missing", text);
    }
    if (time == null || time.isBlank()) {
      return new Bad(number, "published_at is missing", text);
    }
    Instant published;
    try {
      published = time(time.strip());
    } catch (DateTimeParseException | NumberFormatException e) {
      return new Bad(number, "published_at '" + time + "' is not a time (use ISO-8601, e.g. 2026-11-02T09:00:00Z)", text);
    }
    String src = source == null || source.isBlank() ? defaultSource : source.strip();
    String guid = id != null && !id.isBlank() ? id.strip() : src + "|" + title.strip() + "|" + published;
    Optional<RawNewsItem> item = normalizer.item(
        new FeedEntry(title, url, guid, summary, published, List.of()), src, "", tickers, fetchedAt);
    if (item.isEmpty()) {
      return new Bad(number, "title is empty once HTML is removed", text);
    }
    RawNewsItem i = item.get();
    if (id != null && !id.isBlank()) {
      // An explicit id (e.g. from an exported news.raw record) is kept, so re-imports keep their identity.
      i = RawNewsItem.of(id.strip(), i.source(), i.url(), i.title(), i.summary(), i.publishedAt(), i.fetchedAt(), i.entities());
    }
    return new Item(number, i);
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

  private static String field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asText();
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
}
