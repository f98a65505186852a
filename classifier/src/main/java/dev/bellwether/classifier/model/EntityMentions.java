package dev.bellwether.classifier.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds how a text names an entity that the raw item lists by ticker, so that the model reads the
 * company as the text writes it ({@code Acme Corp} for {@code ACME}). The ticker itself when the
 * text writes it ({@code $ACME}, {@code NYSE: ACME}, {@code ACME}); else, for a name ingest took from
 * the text ({@code CHINA-RENAISSANCE}), its words as the text writes them; else the first capitalised
 * word that starts with the ticker's letters in order ({@code Globex} for {@code GLBX}), with the
 * corporate words that follow it ({@code Acme Corp}); else the ticker, which the model then has to
 * match by itself.
 */
public final class EntityMentions {

  /** A capitalised word. */
  private static final Pattern WORD = Pattern.compile("\\p{Lu}[\\p{L}\\p{N}'.&-]*");
  /** Words that belong to a company's name after it (title-case headlines capitalise every word). */
  private static final java.util.Set<String> CORPORATE = java.util.Set.of("corp", "corp.", "corporation", "inc",
      "inc.", "co", "co.", "company", "ltd", "ltd.", "plc", "group", "holdings", "ag", "sa", "nv", "se", "industries",
      "enterprises", "systems", "motors", "technologies", "foods", "bank", "airlines", "energy", "pharmaceuticals");

  private EntityMentions() {}

  /** The words of {@code text} that name {@code ticker}, or the ticker when none is found. */
  public static String find(String text, String ticker) {
    if (text == null || text.isEmpty() || ticker == null || ticker.isBlank()) {
      return ticker;
    }
    String symbol = ticker.strip();
    Matcher exact = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(symbol) + "(?![\\p{L}\\p{N}])").matcher(text);
    if (exact.find()) {
      return symbol;
    }
    // A company ingest named from the text itself (CHINA-RENAISSANCE): its words, in any case.
    if (symbol.indexOf('-') > 0) {
      Matcher named = Pattern.compile("(?<![\\p{L}\\p{N}])" + String.join("[\\s-]+",
          java.util.Arrays.stream(symbol.split("-")).map(Pattern::quote).toList()) + "(?![\\p{L}\\p{N}])",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text);
      if (named.find()) {
        return named.group();
      }
    }
    // The letters before an exchange suffix (.L, .PA) or share class (BRK.B).
    String letters = symbol.split("\\.")[0].toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}]", "");
    if (letters.length() < 2) {
      return symbol;
    }
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String first = m.group().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}]", "");
      if (startsWithInOrder(first, letters)) {
        StringBuilder name = new StringBuilder(m.group());
        String[] rest = text.substring(m.end()).strip().split("\\s+");
        for (String w : rest) {
          if (!CORPORATE.contains(w.toLowerCase(Locale.ROOT))) {
            break;
          }
          name.append(' ').append(w);
        }
        return name.toString();
      }
    }
    return symbol;
  }

  /** Whether {@code word} starts with {@code letters}' first letter and holds the rest in order. */
  static boolean startsWithInOrder(String word, String letters) {
    if (word.isEmpty() || word.charAt(0) != letters.charAt(0)) {
      return false;
    }
    int k = 1;
    for (int i = 1; i < word.length() && k < letters.length(); i++) {
      if (word.charAt(i) == letters.charAt(k)) {
        k++;
      }
    }
    return k == letters.length();
  }
}
