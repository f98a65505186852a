package dev.bellwether.kafka;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON mapping of Bellwether's wire format: snake_case field names, ISO-8601 instants,
 * unknown fields tolerated so that older readers accept newer records.
 */
public final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  /** Jackson's description of where a problem is, with its note about the source left out. */
  private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: (-?\\d+), column: (-?\\d+)]");

  private Json() {}

  /**
   * What is wrong with a JSON text, for people: Jackson's own message without its notes on parser
   * settings, and where (line and column), e.g. {@code Unexpected end-of-input: expected close
   * marker for Object (start marker at line 1, column 1) (line 1, column 14)}.
   */
  public static String problem(JsonProcessingException e) {
    String original = e.getOriginalMessage() == null ? "unreadable JSON" : e.getOriginalMessage();
    String message = SOURCE.matcher(original).replaceAll(m -> Matcher.quoteReplacement(
        "line " + m.group(1) + ", column " + m.group(2)));
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1 ? message
        : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  /** The shared, thread-safe mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
