package dev.bellwether.ingest.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a stream as bytes, split on LF with an optional CR before it, so that each line is
 * available exactly as it was written, whatever its encoding.
 */
final class ByteLines {

  private final InputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private int position;
  private int limit;
  private boolean ended;

  /** The lines of {@code in}. */
  ByteLines(InputStream in) {
    this.in = in;
  }

  /** The next line without its line end, or null at the end of the stream. */
  byte[] next() throws IOException {
    if (ended) {
      return null;
    }
    line.reset();
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          ended = true;
          return line.size() == 0 ? null : line.toByteArray();
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      line.write(buffer, start, position - start);
      if (position < limit) {
        position++;
        byte[] bytes = line.toByteArray();
        return bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
      }
    }
  }
}
