package dev.bellwether.classifier.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tab-separated label file on the class path (the news dev set's labels, the hand topic labels
 * of training items): blank lines and lines starting with {@code #} are skipped.
 */
final class LabelFile {

  private LabelFile() {}

  /**
   * The rows of {@code resource}, each of exactly {@code fields} fields, after a header line when
   * {@code header}.
   *
   * @throws IllegalStateException when the file is missing or a row has another number of fields
   */
  static List<String[]> rows(String resource, int fields, boolean header) {
    List<String[]> out = new ArrayList<>();
    try (InputStream raw = LabelFile.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
      String line;
      boolean skip = header;
      while ((line = in.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (skip) {
          skip = false;
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != fields) {
          throw new IllegalStateException(
              resource + ": expected " + fields + " tab-separated fields, got " + f.length + ": " + line);
        }
        out.add(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return out;
  }
}
