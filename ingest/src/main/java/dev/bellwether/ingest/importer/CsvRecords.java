package dev.bellwether.ingest.importer;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time: fields separated by commas, optionally quoted, a quote in
 * a quoted field written twice, line breaks allowed inside quotes, CRLF or LF line ends. Tracks the
 * line each record starts on, so that errors can name it.
 */
final class CsvRecords {

  private final Reader in;
  private int line = 1;
  private int pushedBack = -2;

  /**
   * One record.
   *
   * @param line the line it starts on, from 1
   * @param lastLine the line it ends on (later than {@code line} when a quoted field holds line breaks)
   * @param fields its fields, unquoted
   * @param error why it is malformed, or null
   */
  record Row(int line, int lastLine, List<String> fields, String error) {}

  CsvRecords(Reader in) {
    this.in = in;
  }

  /** The next record, or null at the end of the input. */
  Row next() throws IOException {
    int c = read();
    if (c == -1) {
      return null;
    }
    int start = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    String error = null;
    while (true) {
      if (quoted) {
        if (c == -1) {
          fields.add(field.toString());
          return new Row(start, line, fields, "a quoted field is not closed");
        }
        if (c == '"') {
          int d = read();
          if (d == '"') {
            field.append('"');
          } else {
            quoted = false;
            c = d;
            continue;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
      } else if (c == '"' && field.isEmpty() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',' || c == '\n' || c == '\r' || c == -1) {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
        if (c != ',') {
          if (c == '\r') {
            int d = read();
            if (d != '\n') {
              pushedBack = d;
            }
          }
          if (c != -1) {
            line++;
          }
          return new Row(start, c == -1 ? line : line - 1, fields, error);
        }
      } else {
        if (wasQuoted && error == null) {
          error = "text after the closing quote of field " + (fields.size() + 1);
        }
        field.append((char) c);
      }
      c = read();
    }
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    return in.read();
  }
}
