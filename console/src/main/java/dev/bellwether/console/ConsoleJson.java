package dev.bellwether.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.bellwether.kafka.Json;
import java.io.UncheckedIOException;

/**
 * JSON as the console sends it to the browser: Bellwether's wire format (snake_case, ISO-8601
 * instants) with {@code < > & '} and the JavaScript line separators written as {@code \\uXXXX}
 * escapes, so that text from a feed can never close a tag or a script, whatever it is embedded in.
 */
final class ConsoleJson {

  private static final ObjectWriter WRITER = Json.mapper().writer().with(new HtmlSafeEscapes());

  private ConsoleJson() {}

  /** {@code value} as one line of HTML-safe JSON. */
  static String write(Object value) {
    try {
      return WRITER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** One server-sent event: {@code event: NAME} and the JSON on one {@code data:} line. */
  static String sseFrame(String event, Object value) {
    return "event: " + event + "\ndata: " + write(value) + "\n\n";
  }

  /** Jackson's standard escapes plus the characters that mean something to HTML and JavaScript parsers. */
  private static final class HtmlSafeEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    private final int[] escapes;

    HtmlSafeEscapes() {
      escapes = standardAsciiEscapesForJSON();
      escapes['<'] = ESCAPE_STANDARD;
      escapes['>'] = ESCAPE_STANDARD;
      escapes['&'] = ESCAPE_STANDARD;
      escapes['\''] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == 0x2028 || ch == 0x2029) {
        return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
