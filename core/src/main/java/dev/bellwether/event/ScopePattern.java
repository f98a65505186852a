package dev.bellwether.event;

import java.util.Locale;
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

  /**
   * A pattern for a new silence or routing rule, refused when no scope key could ever match it
   * (a scope key is {@code market}, {@code topic:<label>} or {@code entity:<ticker>}), so that a
   * silence of {@code ACME} is not accepted and then never applied.
   *
   * @throws IllegalArgumentException naming the pattern and what was probably meant
   */
  public static ScopePattern checked(String text) {
    ScopePattern pattern = new ScopePattern(text);
    if (!pattern.canMatch()) {
      String meant;
      if (text.indexOf(':') >= 0 || pattern.isGlob()) {
        meant = "market, topic:<topic>, entity:<ticker> or a glob such as entity:AC*";
      } else if (text.equals(text.toUpperCase(Locale.ROOT))) {
        meant = "entity:" + text;
      } else {
        meant = "topic:" + text + " or entity:" + text;
      }
      throw new IllegalArgumentException("scope '" + text + "' matches no scope: a scope is market, topic:<topic> or"
          + " entity:<ticker>; write " + meant);
    }
    return pattern;
  }

  /** Whether some scope key could match: the text before the first {@code *} fits one of the kinds. */
  private boolean canMatch() {
    int star = text.indexOf('*');
    if (star < 0) {
      return text.equals("market") || text.startsWith("topic:") && text.length() > 6
          || text.startsWith("entity:") && text.length() > 7;
    }
    String head = text.substring(0, star);
    for (String kind : new String[] {"market", "topic:", "entity:"}) {
      if (kind.startsWith(head) || head.startsWith(kind) && !kind.equals("market")) {
        return true;
      }
    }
    return false;
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
