package dev.bellwether.classifier.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Training-data augmentation that makes a headline read like a terse news-wire headline: the
 * abbreviations wires use ({@code QTR}, {@code NET}, {@code SHR}, {@code PCT}, {@code MLN},
 * {@code DLRS}, ...), money written as wires write it ({@code $1.2 million} as {@code 1.2 MLN
 * DLRS}), articles dropped and everything in upper case. The label stays the original's: the
 * rewrite keeps what the headline says, only its style changes.
 */
public final class WireStyle {

  /** Phrase (lower case, whole words) to its wire form, longest phrases first. */
  private static final Map<String, String> ABBREVIATIONS = new LinkedHashMap<>();

  static {
    String[][] pairs = {
        {"net income", "NET"}, {"net profit", "NET"}, {"net loss", "NET LOSS"}, {"profit", "NET"},
        {"earnings per share", "SHR"}, {"per share", "A SHR"}, {"a share", "A SHR"}, {"shares", "SHRS"},
        {"share", "SHR"}, {"first quarter", "1ST QTR"}, {"second quarter", "2ND QTR"}, {"third quarter", "3RD QTR"},
        {"fourth quarter", "4TH QTR"}, {"quarterly", "QTLY"}, {"quarter", "QTR"}, {"percent", "PCT"},
        {"per cent", "PCT"}, {"million", "MLN"}, {"billion", "BLN"}, {"dollars", "DLRS"}, {"cents", "CTS"},
        {"revenues", "REVS"}, {"revenue", "REVS"}, {"dividend", "DIV"}, {"year", "YR"}, {"versus", "VS"},
        {"corporation", "CORP"}, {"incorporated", "INC"}, {"company", "CO"}, {"limited", "LTD"},
        {"government", "GOVT"}, {"international", "INTL"}, {"operations", "OPS"}, {"federal reserve", "FED"},
        {"average", "AVG"}, {"exchange", "EXCH"}, {"securities", "SECS"}};
    for (String[] p : pairs) {
      ABBREVIATIONS.put(p[0], p[1]);
    }
  }

  private static final Pattern PHRASES;
  private static final Pattern MONEY =
      Pattern.compile("\\$\\s?(\\d[\\d,.]*)\\s*(million|billion|mln|bln|m|bn|b)?\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern PERCENT = Pattern.compile("(\\d)\\s?%");
  private static final Pattern ARTICLES = Pattern.compile("(?i)\\b(?:the|a|an)\\s+(?!SHR\\b)");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  static {
    StringBuilder alternatives = new StringBuilder();
    for (String phrase : ABBREVIATIONS.keySet()) {
      alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(phrase).replace(" ", "\\E\\s+\\Q"));
    }
    PHRASES = Pattern.compile("(?i)\\b(?:" + alternatives + ")\\b");
  }

  private WireStyle() {}

  /** The headline in wire style. */
  public static String rewrite(String text) {
    String t = MONEY.matcher(text).replaceAll(m -> {
      String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
      String scale = unit.startsWith("b") ? " BLN" : unit.startsWith("m") ? " MLN" : "";
      return Matcher.quoteReplacement(m.group(1) + scale + " DLRS");
    });
    t = PERCENT.matcher(t).replaceAll("$1 PCT");
    t = PHRASES.matcher(t).replaceAll(m -> {
      String key = SPACE.matcher(m.group().toLowerCase(Locale.ROOT)).replaceAll(" ");
      return Matcher.quoteReplacement(ABBREVIATIONS.get(key));
    });
    t = ARTICLES.matcher(t).replaceAll("");
    return SPACE.matcher(t).replaceAll(" ").strip().toUpperCase(Locale.ROOT);
  }
}
