package dev.bellwether.ingest.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:[.,'][\\p{L}\\p{N}]+)*");
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
    long[] numbers = titleWords.stream().filter(StoryText::hasDigit).mapToLong(w -> hash(0x6e756dL, w)).toArray();
    return new StoryText(distinct(features), distinct(numbers), hash(hash(0, normal(title)), "\n" + normal(summary)));
  }

  /** Lower-cased words of {@code text} without stop words, at most {@code limit} of them. */
  static List<String> words(String text, int limit) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find() && out.size() < limit) {
      String w = m.group().replace(",", "").replace("'", "");
      if (!STOP.contains(w)) {
        out.add(w);
      }
    }
    return out;
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
    long h = 0xcbf29ce484222325L ^ seed;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
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

  private static String normal(String text) {
    return String.join(" ", text.toLowerCase(Locale.ROOT).trim().split("\\s+"));
  }

  private static long[] distinct(long[] values) {
    return Arrays.stream(values).sorted().distinct().toArray();
  }
}
