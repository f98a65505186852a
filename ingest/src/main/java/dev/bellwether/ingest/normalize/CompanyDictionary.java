package dev.bellwether.ingest.normalize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Company names and the tickers they stand for, matched in text on word boundaries.
 *
 * <p>File format, one company a line ({@code #} starts a comment):
 * {@code TICKER<TAB>Name variant|Other variant|?Ambiguous variant}. Words are runs of letters and
 * digits ({@code &} counts as a word), so {@code Coca-Cola}, {@code Coca Cola} and
 * {@code Coca‑Cola's} all read as {@code coca cola}. A match needs the text's first word of the
 * name to start with a capital or a digit (names are proper nouns: "apple pie" is not Apple); a
 * variant written in capitals ({@code IBM}) matches only in capitals. A variant marked {@code ?}
 * (a common word such as Apple, Target, Shell) and any one-word variant of two characters or fewer
 * ({@code GE}, {@code BP}) is ambiguous: it counts only when the next word is a corporate word
 * ({@link #CORPORATE}: Inc, Corp, plc, AG, shares, stock, ...). Bare tickers are never names, so
 * "ALL", "IT" or "ON" in a headline tag nothing.
 */
public final class CompanyDictionary {

  /** Words that, right after an ambiguous name, say it is the company. */
  static final Set<String> CORPORATE = Set.of("inc", "incorporated", "corp", "corporation", "co", "company", "plc",
      "ag", "se", "sa", "nv", "ltd", "limited", "group", "holdings", "shares", "stock", "stocks", "shareholders",
      "investors", "ceo", "earnings");
  /** The bundled dictionary: large listed US and European companies. */
  static final String BUNDLED = "/companies.tsv";

  /** One way of writing a company's name. */
  private record Variant(String[] words, boolean[] exactCase, boolean ambiguous, String ticker) {}

  private static final CompanyDictionary EMPTY = new CompanyDictionary(Map.of());

  /** Lower-cased first word to the variants starting with it, longest first. */
  private final Map<String, List<Variant>> byFirstWord;

  private CompanyDictionary(Map<String, List<Variant>> byFirstWord) {
    this.byFirstWord = byFirstWord;
  }

  /** A dictionary that knows no names. */
  public static CompanyDictionary empty() {
    return EMPTY;
  }

  /** The bundled dictionary. */
  public static CompanyDictionary bundled() {
    try (InputStream in = CompanyDictionary.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLED + " is missing from the classpath");
      }
      return read(in, BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + BUNDLED, e);
    }
  }

  /** The dictionary in {@code file}, or the bundled one when {@code file} is empty. */
  public static CompanyDictionary load(String file) {
    if (file == null || file.isBlank()) {
      return bundled();
    }
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return read(in, file);
    } catch (IOException e) {
      throw new IllegalArgumentException("ingest.company-dictionary = '" + file + "': cannot read it (" + e + ")", e);
    }
  }

  /** Reads the format described above; {@code origin} names the source in error messages. */
  static CompanyDictionary read(InputStream in, String origin) throws IOException {
    Map<String, List<Variant>> map = new HashMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      String[] parts = text.split("\t+");
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new IllegalArgumentException(origin + " line " + number + ": '" + line
            + "' is not TICKER<TAB>Name|Variant");
      }
      String ticker = parts[0].strip().toUpperCase(Locale.ROOT);
      for (String raw : parts[1].split("\\|")) {
        boolean marked = raw.strip().startsWith("?");
        List<String> words = words(marked ? raw.strip().substring(1) : raw);
        if (words.isEmpty()) {
          continue;
        }
        boolean[] exact = new boolean[words.size()];
        for (int i = 0; i < exact.length; i++) {
          String w = words.get(i);
          exact[i] = w.length() >= 2 && w.equals(w.toUpperCase(Locale.ROOT)) && !w.equals(w.toLowerCase(Locale.ROOT));
        }
        boolean ambiguous = marked || words.size() == 1 && words.get(0).length() <= 2;
        Variant v = new Variant(words.toArray(String[]::new), exact, ambiguous, ticker);
        map.computeIfAbsent(words.get(0).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(v);
      }
    }
    map.values().forEach(list -> list.sort(Comparator.comparingInt((Variant v) -> v.words().length).reversed()));
    return new CompanyDictionary(Map.copyOf(map));
  }

  /** How many first words are known (zero for the empty dictionary). */
  int size() {
    return byFirstWord.size();
  }

  /** Adds to {@code found} the ticker of every name in {@code text}, in the order they appear. */
  void tickers(String text, java.util.Collection<String> found) {
    if (byFirstWord.isEmpty() || text == null || text.isEmpty()) {
      return;
    }
    List<String> words = words(text);
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      char first = w.charAt(0);
      if (!Character.isUpperCase(first) && !Character.isDigit(first)) {
        continue;
      }
      List<Variant> variants = byFirstWord.get(w.toLowerCase(Locale.ROOT));
      if (variants == null) {
        continue;
      }
      for (Variant v : variants) {
        if (matches(v, words, i)) {
          found.add(v.ticker());
          i += v.words().length - 1;
          break;
        }
      }
    }
  }

  private static boolean matches(Variant v, List<String> words, int at) {
    String[] name = v.words();
    if (at + name.length > words.size()) {
      return false;
    }
    for (int k = 0; k < name.length; k++) {
      String w = words.get(at + k);
      if (v.exactCase()[k] ? !w.equals(name[k]) : !w.equalsIgnoreCase(name[k])) {
        return false;
      }
    }
    if (!v.ambiguous()) {
      return true;
    }
    int after = at + name.length;
    return after < words.size() && CORPORATE.contains(words.get(after).toLowerCase(Locale.ROOT));
  }

  /** Runs of letters and digits, and {@code &}, in order; an apostrophe's "s" is dropped. */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '&') {
        out.add("&");
        i++;
      } else if (Character.isLetterOrDigit(c)) {
        int start = i;
        while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
          i++;
        }
        boolean possessive = start > 0 && i - start == 1 && (text.charAt(start) == 's' || text.charAt(start) == 'S')
            && (text.charAt(start - 1) == '\'' || text.charAt(start - 1) == '\u2019');
        if (!possessive) {
          out.add(text.substring(start, i));
        }
      } else {
        i++;
      }
    }
    return out;
  }
}
