package dev.bellwether.classifier.model;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * The text normalisation applied before tokenising, identical in training and scoring: HTML
 * entities decoded (by jsoup), links removed, whitespace collapsed.
 *
 * <p>Links are removed because the training tweets carry random {@code t.co} short links that
 * say nothing about the news and would otherwise teach the heads noise.
 */
public final class TextCleaner {

  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
  private static final Pattern SPACE = Pattern.compile("\\s+");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}$%]+");

  private TextCleaner() {}

  /** The text as the encoder sees it. */
  public static String clean(String text) {
    if (text == null) {
      return "";
    }
    String t = decodeEntities(text);
    t = URL.matcher(t).replaceAll(" ");
    return SPACE.matcher(t).replaceAll(" ").strip();
  }

  /**
   * A key under which near-duplicates collide: cleaned, lower-cased, punctuation folded. Two
   * tweets that differ only by their short link or spacing share a key.
   */
  public static String duplicateKey(String text) {
    String t = clean(text).toLowerCase(Locale.ROOT);
    return NON_WORD.matcher(t).replaceAll(" ").strip();
  }

  /**
   * Whether most letters of the text are outside the Latin script, a hint that the English
   * encoder and heads are guessing.
   */
  public static boolean mostlyNonLatin(String text) {
    int letters = 0;
    int latin = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetter(cp)) {
        letters++;
        if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
          latin++;
        }
      }
    }
    return letters > 0 && latin * 2 < letters;
  }

  /** Decodes HTML's named and numeric character references by jsoup's HTML 5 rules. */
  private static String decodeEntities(String text) {
    return text.indexOf('&') < 0 ? text : Parser.unescapeEntities(text, true);
  }
}
