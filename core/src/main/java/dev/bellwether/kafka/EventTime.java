package dev.bellwether.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The event time of a record read as bytes: the time in its payload, since record timestamps on
 * Bellwether's topics are the brokers' append times. Reads the first of {@code published_at} (a
 * raw item), {@code item.published_at} (a scored item), {@code window_end} (a window or alert)
 * that the JSON holds, stopping as soon as it is found; records without one keep their record
 * timestamp.
 */
public final class EventTime {

  private static final JsonFactory FACTORY = Json.mapper().getFactory();

  private EventTime() {}

  /** The event time (epoch ms) of the JSON {@code value}, or {@code fallback} when it holds none. */
  public static long of(byte[] value, long fallback) {
    if (value == null || value.length == 0) {
      return fallback;
    }
    try (JsonParser p = FACTORY.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return fallback;
      }
      String found = find(p, 0);
      return found == null ? fallback : Instant.parse(found).toEpochMilli();
    } catch (IOException | DateTimeParseException e) {
      return fallback;
    }
  }

  /** Scans the object the parser is in for the time fields; {@code depth} 0 is the top level. */
  private static String find(JsonParser p, int depth) throws IOException {
    String windowEnd = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_STRING && "published_at".equals(name)) {
        return p.getText();
      }
      if (value == JsonToken.VALUE_STRING && depth == 0 && "window_end".equals(name)) {
        windowEnd = p.getText();
      } else if (value == JsonToken.START_OBJECT && depth == 0 && "item".equals(name)) {
        String nested = find(p, 1);
        if (nested != null) {
          return nested;
        }
      } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        p.skipChildren();
      }
    }
    return windowEnd;
  }
}
