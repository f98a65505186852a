package dev.bellwether.ingest.importer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * RFC 4180 CSV read one record at a time by Apache Commons CSV (fields separated by commas,
 * optionally quoted, a quote in a quoted field written twice, line breaks allowed inside quotes),
 * with the lines each record spans, so that errors can name them. A malformed record (a quoted
 * field never closed, or text after a closing quote) is returned with the reason, and reading
 * goes on with the record after it.
 */
final class CsvRecords {

  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private int consumed;

  /**
   * One record.
   *
   * @param line the line it starts on, from 1
   * @param lastLine the line it ends on (later than {@code line} when a quoted field holds line breaks)
   * @param fields its fields, unquoted; empty for a malformed record
   * @param error why it is malformed, or null
   */
  record Row(int line, int lastLine, List<String> fields, String error) {}

  CsvRecords(Reader in) throws IOException {
    this.parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get();
    this.records = parser.iterator();
  }

  /**
   * The next record, or null at the end of the input.
   *
   * @throws IOException when the input cannot be read (not when a record is malformed)
   */
  Row next() throws IOException {
    int start = consumed + 1;
    try {
      if (!records.hasNext()) {
        return null;
      }
      CSVRecord record = records.next();
      consumed = (int) parser.getCurrentLineNumber();
      return new Row(start, consumed, record.toList(), null);
    } catch (UncheckedIOException e) {
      CSVException malformed = malformed(e);
      skipRestOfRecord();
      return new Row(start, Math.max(start, consumed), List.of(), reason(malformed));
    }
  }

  /** Reads past what is left of a malformed record: the parser stops at the offending character. */
  private void skipRestOfRecord() throws IOException {
    while (true) {
      consumed = (int) parser.getCurrentLineNumber();
      try {
        if (records.hasNext()) {
          records.next();
          consumed = (int) parser.getCurrentLineNumber();
        }
        return;
      } catch (UncheckedIOException again) {
        malformed(again); // more stray text in the same record: keep skipping
      }
    }
  }

  /** The parser's complaint about a record; a failure to read the input is thrown as it is. */
  private static CSVException malformed(UncheckedIOException e) throws IOException {
    if (e.getCause() instanceof CSVException c) {
      return c;
    }
    throw e.getCause();
  }

  private static String reason(CSVException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("EOF")) {
      return "a quoted field is not closed";
    }
    if (message.toLowerCase(Locale.ROOT).contains("between encapsulated token and delimiter")) {
      return "text after the closing quote of a field";
    }
    return "not valid CSV: " + message;
  }
}
