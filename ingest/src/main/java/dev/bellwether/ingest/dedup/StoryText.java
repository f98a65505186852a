package dev.bellwether.ingest.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The features of one item that decide whether two items tell the same story: its words as
 * 64-bit hashes, the numbers in its title and a hash of its whole normalised text.
 *
 * <p>Features are the title's words (unigrams) and the word pairs (bigrams) of the lead, the first
 * {@link #LEAD_WORDS} words of the summary. Syndicated copies share their lead word for word and
 * re-word the title lightly, so title unigrams survive a re-wording ("shares fall" / "stock falls"
 * keeps the company and the object) while lead bigrams keep order, so two different events
 * described with the same company boilerplate still differ. Stop words are dropped: they are shared
 * by every story and only lift the similarity of unrelated ones.
 *
 * @param features distinct feature hashes, sorted
 * @param titleNumbers distinct hashes of the number tokens of the title ("5.2", "2026", "q3"), sorted
 * @param textHash a hash of the lower-cased title and summary with whitespace collapsed
 */
record StoryText(long[] features, long[] titleNumbers, long textHash) {

  /** Words of the summary taken as its lead. */
  static final int LEAD_WORDS = 40;
  private static final long FNV_BASIS = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final Set<String> STOP = Set.of(
      "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as", "is", "are",
      "was", "were", "be", "been", "its", "it", "this", "that", "after", "over", "into", "than", "but", "has",
      "have", "had", "will", "would", "said", "says", "say", "s", "new", "up", "out", "amid", "about", "inc", "corp",
      "co", "ltd", "plc", "company");

  /** The features of an item with {@code title} and {@code summary}, both already plain text. */
  static StoryText of(String title, String summary) {
    List<String> titleWords = words(title, Integer.MAX_VALUE);
    List<String> lead = words(summary, LEAD_WORDS);
    long[] features = new long[titleWords.size() + Math.max(0, lead.size() - 1)];
    int n = 0;
    for (String w : titleWords) {
      features[n++] = hash(0x7469746c65L, w);
    }
    for (int i = 1; i < lead.size(); i++) {
      features[n++] = hash(hash(0x6c656164L, lead.get(i - 1)), lead.get(i));
    }
    long[] numbers = new long[titleWords.size()];
    int digits = 0;
    for (String w : titleWords) {
      if (hasDigit(w)) {
        numbers[digits++] = hash(0x6e756dL, w);
      }
    }
    long titleHash = mix(normalFnv(FNV_BASIS, title));
    long textHash = mix(normalFnv(((FNV_BASIS ^ titleHash) ^ '\n') * FNV_PRIME, summary));
    return new StoryText(distinct(features), distinct(Arrays.copyOf(numbers, digits)), textHash);
  }

  /**
   * Lower-cased words of {@code text} without stop words, at most {@code limit} of them. A word is a
   * run of letters and digits, possibly joined by single {@code .}, {@code ,} or {@code '} ("5.2",
   * "1,000", "o'neill"); commas and apostrophes are then dropped. Scanned by hand: this runs twice
   * per item on the dedup hot path, where a regular expression cost more than the MinHash.
   */
  static List<String> words(String text, int limit) {
    List<String> out = new ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    int n = lower.length();
    int i = 0;
    StringBuilder word = new StringBuilder(24);
    while (i < n && out.size() < limit) {
      int cp = lower.codePointAt(i);
      if (!isWordChar(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      word.setLength(0);
      i = run(lower, i, word);
      while (i + 1 < n) {
        char joiner = lower.charAt(i);
        if ((joiner != '.' && joiner != ',' && joiner != '\'') || !isWordChar(lower.codePointAt(i + 1))) {
          break;
        }
        if (joiner == '.') {
          word.append('.');
        }
        i = run(lower, i + 1, word);
      }
      String w = word.toString();
      if (!STOP.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  /** Appends the letters and digits of {@code text} from {@code start} to {@code word}; returns the index after them. */
  private static int run(String text, int start, StringBuilder word) {
    int i = start;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (!isWordChar(cp)) {
        break;
      }
      word.appendCodePoint(cp);
      i += Character.charCount(cp);
    }
    return i;
  }

  /** {@code \p{L}} or {@code \p{N}}: a letter or a number of any script. */
  private static boolean isWordChar(int cp) {
    if (cp < 128) {
      return cp >= 'a' && cp <= 'z' || cp >= '0' && cp <= '9' || cp >= 'A' && cp <= 'Z';
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
      default -> false;
    };
  }

  /** True when both sorted arrays are non-empty and share no value. */
  static boolean disjoint(long[] a, long[] b) {
    if (a.length == 0 || b.length == 0) {
      return false;
    }
    for (long v : a) {
      if (Arrays.binarySearch(b, v) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** FNV-1a over the characters of {@code s}, continuing from {@code seed}, then SplitMix64's finaliser. */
  static long hash(long seed, String s) {
    long h = FNV_BASIS ^ seed;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= FNV_PRIME;
    }
    return mix(h);
  }

  /** SplitMix64's finaliser: every input bit affects every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static boolean hasDigit(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (Character.isDigit(w.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * FNV-1a, from state {@code h}, over {@code text} lower-cased, trimmed and with each run of
   * whitespace ({@code \s}) made one space, without building that string.
   */
  private static long normalFnv(long h, String text) {
    String lower = text.toLowerCase(Locale.ROOT).trim();
    boolean space = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
        space = true;
        continue;
      }
      if (space) {
        h = (h ^ ' ') * FNV_PRIME;
        space = false;
      }
      h = (h ^ c) * FNV_PRIME;
    }
    return h;
  }

  private static long[] distinct(long[] values) {
    if (values.length < 2) {
      return values;
    }
    Arrays.sort(values);
    int n = 1;
    for (int i = 1; i < values.length; i++) {
      if (values[i] != values[n - 1]) {
        values[n++] = values[i];
      }
    }
    return n == values.length ? values : Arrays.copyOf(values, n);
  }
}
