package dev.bellwether.classifier.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file read by RFC 4180 rules (quoted fields may hold commas, doubled quotes and line
 * breaks), with its header.
 *
 * @param file where it was read from, for messages
 * @param header column names
 * @param rows the data rows, each as wide as it was written
 */
record CsvTable(Path file, List<String> header, List<List<String>> rows) {

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

  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
        continue;
      }
      switch (c) {
        case '"':
          quoted = true;
          any = true;
          break;
        case ',':
          fields.add(field.toString());
          field.setLength(0);
          any = true;
          break;
        case '\r':
          break;
        case '\n':
          if (any || field.length() > 0) {
            fields.add(field.toString());
            records.add(fields);
          }
          fields = new ArrayList<>();
          field.setLength(0);
          any = false;
          break;
        default:
          field.append(c);
          any = true;
      }
    }
    if (any || field.length() > 0) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }
}
