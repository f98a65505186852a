package dev.bellwether.classifier.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file read by RFC 4180 rules with Apache Commons CSV (quoted fields may hold commas,
 * doubled quotes and line breaks), with its header.
 *
 * @param file where it was read from, for messages
 * @param header column names
 * @param rows the data rows, each as wide as it was written
 */
record CsvTable(Path file, List<String> header, List<List<String>> rows) {

  /**
   * RFC 4180, read as leniently as the data sets are written: blank lines skipped, a quote left
   * open runs to the end, text after a closing quote is kept in the field.
   */
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
      .setIgnoreEmptyLines(true)
      .setLenientEof(true)
      .setTrailingData(true)
      .get();

  static CsvTable read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<List<String>> records = parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
    if (records.isEmpty()) {
      throw new IllegalArgumentException(file + " is empty; expected a header line");
    }
    return new CsvTable(file, records.get(0), records.subList(1, records.size()));
  }

  /** The index of a column, naming the file and its columns when absent. */
  int column(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(file + " has no column '" + name + "'; its columns are " + header
          + ": name the columns in its header line");
    }
    return i;
  }

  /** The records of {@code text}; blank lines are skipped, a quoted field may run to the end of the text. */
  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
      for (CSVRecord record : parser) {
        records.add(record.toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse CSV text", e);
    }
    return records;
  }
}
