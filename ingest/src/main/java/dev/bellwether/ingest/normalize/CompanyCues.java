package dev.bellwether.ingest.normalize;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Companies that no dictionary knows, found where a headline's own words say that a company is
 * meant: a capitalised name right before its shares or stock and a market move ("Adani shares
 * fall", "Lyft shares tank"), before a legal form ("Delco Building Group" is not one, "Silvergate
 * Holdings" is), or before "Group" and its shares or firms ("Adani Group firms lose $9bn").
 *
 * <p>A company in the news for the first time is where a dictionary of listed companies is
 * blind, and a company that suddenly makes the news is what a risk analyst most needs to hear
 * about. The name (at most three capitalised words, inside one clause, without the legal form)
 * becomes the entity, upper case, its words joined by hyphens: {@code ADANI},
 * {@code CHINA-RENAISSANCE}. Names the dictionary knows keep their ticker. Words that name a place,
 * a people or a whole market ("European stocks fall", "Tech shares rally") are no company, and
 * a name never holds a number or a sentence's small words.
 */
final class CompanyCues {

  /** Longest name taken, in words. */
  static final int MAX_NAME_WORDS = 3;

  /** Words after "shares" or "stock" that make it a market move. */
  static final Set<String> MOVES = Set.of("fall", "falls", "fell", "drop", "drops", "dropped", "slide", "slides", "slid",
      "plunge", "plunges", "plunged", "tumble", "tumbles", "tumbled", "sink", "sinks", "sank", "slump", "slumps",
      "slumped", "tank", "tanks", "tanked", "crash", "crashes", "crashed", "dive", "dives", "dived", "plummet",
      "plummets", "plummeted", "sag", "sags", "sagged", "slip", "slips", "slipped", "rise", "rises", "rose", "jump",
      "jumps", "jumped", "soar", "soars", "soared", "surge", "surges", "surged", "rally", "rallies", "rallied", "climb",
      "climbs", "climbed", "gain", "gains", "gained", "rebound", "rebounds", "rebounded", "lose", "loses", "lost",
      "shed", "sheds", "skid", "skids", "crater", "craters", "cratered", "nosedive", "nosedives", "nosedived", "extend",
      "extends", "extended", "hit", "hits", "halted", "suspended", "down", "up", "higher", "lower", "continue",
      "continues", "rout");
  /** Words for a company's shares. */
  static final Set<String> SHARES = Set.of("shares", "share", "stock", "stocks");
  /** Legal forms that end a company's name. */
  static final Set<String> FORMS = Set.of("inc", "corp", "corporation", "ltd", "plc", "holdings");
  /** Words after "Group" that make it a company group rather than a rights or armed group. */
  static final Set<String> GROUP_BUSINESS = Set.of("shares", "stock", "stocks", "firms", "companies", "shareholders",
      "investors", "bonds", "debt");
  /** Small words that a name never holds: a name starts after them. */
  static final Set<String> SMALL = Set.of("a", "an", "the", "this", "that", "these", "those", "and", "or", "but", "of", "for",
      "in", "on", "at", "to", "with", "by", "from", "as", "after", "before", "over", "amid", "why", "how", "what", "when",
      "who", "new", "big", "top", "his", "her", "their", "its", "our", "your", "all", "some", "most", "many", "more",
      "first");
  /**
   * Capitalised words that cannot end a company's name, since "X shares fall" then means a market
   * rather than a company: places, peoples, markets and sectors ("China stocks", but "China
   * Renaissance shares").
   */
  static final Set<String> NOT_LAST = Set.of("us", "u.s", "uk", "u.k", "eu", "europe", "european", "asia", "asian",
      "china", "chinese", "india", "indian", "japan", "japanese", "kong", "korea", "korean", "german", "germany",
      "french", "france", "british", "britain", "english", "american", "america", "americas", "global", "world", "street",
      "london", "york", "tokyo", "shanghai", "emerging", "tech", "technology", "bank", "banks", "banking", "energy",
      "oil", "mining", "miner", "miners", "growth", "value", "meme", "chip", "chips", "property", "estate", "retail",
      "airline", "airlines", "auto", "car", "market", "markets", "investors", "stock", "stocks", "shares", "share",
      "daily", "open", "breaking", "watch", "live", "update", "news", "russian", "russia", "ukraine", "ukrainian",
      "israeli", "israel", "australian", "australia", "canadian", "canada", "brazilian", "brazil", "mexican", "mexico",
      "saudi", "swiss", "italian", "italy", "spanish", "spain", "dutch", "irish", "nordic", "african", "africa",
      "latin", "east", "western", "state", "public", "private", "penny", "cap", "luxury", "cleantech", "fintech",
      "crypto", "ai", "a.i", "defence", "defense", "bitcoin", "gold", "silver", "copper", "gas", "coal", "army",
      "government", "federal", "city", "county", "national", "international", "company", "companies", "firm", "firms",
      "group", "says", "report", "reports", "analysis", "opinion", "exclusive", "factbox", "explainer", "view");

  private CompanyCues() {}

  /**
   * Adds to {@code found} the name of every company {@code text} marks as one and {@code known}
   * does not know, in the order they appear.
   */
  static void tickers(String text, CompanyDictionary known, Collection<String> found) {
    if (text == null || text.isEmpty()) {
      return;
    }
    List<Token> tokens = tokens(text);
    for (int i = 1; i < tokens.size(); i++) {
      Token cue = tokens.get(i);
      String word = cue.lower();
      String next = i + 1 < tokens.size() && !tokens.get(i + 1).breakBefore() ? tokens.get(i + 1).lower() : "";
      boolean marks = FORMS.contains(word)
          || SHARES.contains(word) && MOVES.contains(next)
          || word.equals("group") && GROUP_BUSINESS.contains(next);
      if (!marks || cue.breakBefore()) {
        continue;
      }
      List<String> name = nameBefore(tokens, i);
      if (name.isEmpty()) {
        continue;
      }
      List<String> dictionaryHits = new ArrayList<>();
      known.tickers(String.join(" ", name) + " " + cue.text(), dictionaryHits);
      if (dictionaryHits.isEmpty()) {
        found.add(String.join("-", name).toUpperCase(Locale.ROOT).replace(".", ""));
      }
    }
  }

  /**
   * The capitalised words right before token {@code at}, in one clause, after any small word and
   * possessive ("Russia's Wagner Group" names Wagner), the last of them not a place or market.
   */
  private static List<String> nameBefore(List<Token> tokens, int at) {
    List<String> name = new ArrayList<>();
    for (int j = at - 1; j >= 0 && name.size() < MAX_NAME_WORDS; j--) {
      Token t = tokens.get(j);
      if (!Character.isUpperCase(t.text().charAt(0)) || SMALL.contains(t.lower())
          || name.isEmpty() && NOT_LAST.contains(t.lower()) || t.possessive() && !name.isEmpty()) {
        break;
      }
      name.add(0, t.text());
      if (t.possessive() || t.breakBefore()) {
        break;
      }
    }
    return name;
  }

  /**
   * A word of a headline.
   *
   * @param text the word, without an apostrophe's "s"
   * @param possessive whether the text wrote it with an apostrophe's "s"
   * @param breakBefore whether punctuation that ends a clause (, . ; : ! ? quotes, brackets, dashes)
   *     stands between it and the word before
   */
  record Token(String text, boolean possessive, boolean breakBefore) {
    String lower() {
      return text.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Words (letters and digits, with inner hyphens, dots and ampersands) and whether a clause break
   * precedes each. Words of digits alone are dropped, and break the name they are in.
   */
  static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    boolean pendingBreak = true;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(text.charAt(i))
            || (text.charAt(i) == '-' || text.charAt(i) == '.' || text.charAt(i) == '&')
                && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1)))) {
          i++;
        }
        String word = text.substring(start, i);
        boolean possessive = false;
        if (i + 1 < n && (text.charAt(i) == '\'' || text.charAt(i) == '\u2019')
            && (text.charAt(i + 1) == 's' || text.charAt(i + 1) == 'S')
            && (i + 2 >= n || !Character.isLetterOrDigit(text.charAt(i + 2)))) {
          possessive = true;
          i += 2;
        }
        if (word.chars().allMatch(Character::isDigit)) {
          pendingBreak = true;
        } else {
          out.add(new Token(word, possessive, pendingBreak));
          pendingBreak = false;
        }
      } else {
        if (c != ' ' && c != '\u00a0' && c != '\t' && c != '&' && c != '$' && c != '%') {
          pendingBreak = true;
        }
        i++;
      }
    }
    return out;
  }
}
