package dev.bellwether.event;

import java.util.regex.Pattern;

/**
 * A pattern over scope keys, as silences and routing rules write them: an exact key
 * ({@code entity:ACME}, {@code market}) or a glob where {@code *} stands for any run of characters
 * ({@code topic:*}, {@code entity:AC*}, {@code *}).
 *
 * @param text the pattern as written
 */
public record ScopePattern(String text) {

  private static final Pattern SPACE = Pattern.compile("\\s");

  /**
   * Checks the text.
   *
   * @throws IllegalArgumentException naming the pattern when it is empty or holds whitespace
   */
  public ScopePattern {
    if (text == null || text.isEmpty() || SPACE.matcher(text).find()) {
      throw new IllegalArgumentException(
          "scope pattern '" + text + "' must be a scope such as entity:ACME, or a glob such as topic:* or entity:AC*");
    }
  }

  /** Whether {@code scopeKey} (e.g. {@code entity:ACME}) matches this pattern. */
  public boolean matches(String scopeKey) {
    return scopeKey != null && glob(text, 0, scopeKey, 0);
  }

  /** Whether it is a glob rather than one exact scope. */
  public boolean isGlob() {
    return text.indexOf('*') >= 0;
  }

  private static boolean glob(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = si; k <= s.length(); k++) {
          if (glob(p, pi + 1, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || s.charAt(si) != c) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }

  @Override
  public String toString() {
    return text;
  }
}
