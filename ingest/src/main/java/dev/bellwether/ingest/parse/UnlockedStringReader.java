package dev.bellwether.ingest.parse;

import java.io.Reader;

/**
 * A {@link Reader} over a string that takes no lock per call, unlike {@link java.io.StringReader}
 * and {@link java.io.BufferedReader}: Rome's XML healer reads a feed one character per call, and a
 * lock per character made it a fifth of the ingest benchmark. Used by one parse on one thread.
 */
final class UnlockedStringReader extends Reader {

  private final String text;
  private int next;

  UnlockedStringReader(String text) {
    this.text = text;
  }

  @Override
  public int read() {
    return next < text.length() ? text.charAt(next++) : -1;
  }

  @Override
  public int read(char[] buffer, int offset, int length) {
    if (next >= text.length()) {
      return -1;
    }
    int n = Math.min(length, text.length() - next);
    text.getChars(next, next + n, buffer, offset);
    next += n;
    return n;
  }

  @Override
  public void close() {
    next = text.length();
  }
}
