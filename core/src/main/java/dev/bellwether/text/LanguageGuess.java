package dev.bellwether.text;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A heuristic, not a language model: names the language of a short news text from its script and,
 * for Latin script, from how many of each language's commonest function words and letters of its
 * own it holds. Ingest records it on every item; the classifier flags texts it names as another
 * language than English, since its English model only guesses there.
 *
 * <p>Why a heuristic: the issue asks only that the language be recorded so that downstream stages
 * can skip what they cannot score; the one maintained Java detector that resolves here
 * (language-detector 0.6) brings Guava 18 and 70 profiles for that. Non-Latin scripts are told
 * apart by their Unicode script (Han with kana is Japanese, Han alone Chinese, Cyrillic is taken as
 * Russian); Latin text is English, German, French, Spanish, Italian, Dutch or Portuguese when at
 * least two hits of that language occur and no other language has as many: each of its function
 * words, and each distinct letter only it uses ({@code ä ö ü ß} German; {@code œ î û} French;
 * {@code ñ ¡ ¿} Spanish; {@code ã õ} Portuguese). Anything else is {@code null} (unknown), never a
 * guess.
 *
 * <p>Only the first {@link #PREFIX_CHARS} characters are read: a headline and the start of its lead
 * tell the language as well as the whole text does, and this runs on every item.
 */
public final class LanguageGuess {

  private static final Map<String, Set<String>> STOP_WORDS = Map.of(
      "en", Set.of("the", "and", "of", "to", "in", "for", "on", "with", "is", "as", "by", "its", "after", "from",
          "at", "will", "has", "are", "said", "that"),
      "de", Set.of("der", "die", "das", "und", "mit", "für", "auf", "ist", "den", "von", "im", "nach", "sich",
          "des", "ein", "eine", "nicht", "wird", "zu", "bei"),
      "fr", Set.of("le", "la", "les", "des", "et", "du", "une", "pour", "dans", "sur", "est", "au", "aux", "avec",
          "par", "qui", "pas", "d", "l", "a"),
      "es", Set.of("el", "los", "las", "del", "y", "en", "por", "con", "para", "una", "que", "se", "al", "es",
          "su", "como", "más", "sus", "lo", "tras"),
      "it", Set.of("il", "di", "che", "della", "per", "con", "una", "gli", "del", "nel", "alla", "sono", "le",
          "dei", "delle", "ha", "non", "anche", "dal", "sul"),
      "nl", Set.of("de", "het", "een", "van", "en", "voor", "met", "op", "is", "niet", "zijn", "bij", "dat", "ook",
          "naar", "om", "wordt", "door", "heeft", "uit"),
      "pt", Set.of("o", "os", "da", "do", "das", "dos", "em", "para", "com", "uma", "que", "não", "no", "na",
          "ao", "pelo", "pela", "mais", "seu", "sua"));

  /** Letters that, among these languages, only one uses, with its code. */
  private static final Map<Character, String> OWN_LETTERS = ownLetters();

  /** Characters of the text read. */
  static final int PREFIX_CHARS = 400;
  private static final List<String> LANGUAGES = List.copyOf(STOP_WORDS.keySet());
  /** Function word to the bit set of the {@link #LANGUAGES} it belongs to: one lookup per word. */
  private static final Map<String, Integer> LANGUAGES_OF_WORD = languagesOfWord();

  private LanguageGuess() {}

  /** The ISO 639-1 code of {@code text}'s language, or {@code null} when the heuristic cannot tell. */
  public static String of(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    int end = Math.min(text.length(), PREFIX_CHARS);
    int latin = 0;
    int han = 0;
    int kana = 0;
    int hangul = 0;
    int cyrillic = 0;
    int greek = 0;
    int arabic = 0;
    int hebrew = 0;
    for (int i = 0; i < end; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) {
        latin += (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z' ? 1 : 0;
        continue;
      }
      if (!Character.isLetter(cp)) {
        continue;
      }
      switch (cp < 0x250 ? Character.UnicodeScript.LATIN : Character.UnicodeScript.of(cp)) {
        case LATIN -> latin++;
        case HAN -> han++;
        case HIRAGANA, KATAKANA -> kana++;
        case HANGUL -> hangul++;
        case CYRILLIC -> cyrillic++;
        case GREEK -> greek++;
        case ARABIC -> arabic++;
        case HEBREW -> hebrew++;
        default -> { }
      }
    }
    int nonLatin = han + kana + hangul + cyrillic + greek + arabic + hebrew;
    if (nonLatin > latin) {
      if (kana > 0) {
        return "ja";
      }
      int most = Math.max(Math.max(han, hangul), Math.max(Math.max(cyrillic, greek), Math.max(arabic, hebrew)));
      return most == han ? "zh" : most == hangul ? "ko" : most == cyrillic ? "ru" : most == greek ? "el"
          : most == arabic ? "ar" : "he";
    }
    return latinLanguage(text.substring(0, end));
  }

  private static String latinLanguage(String text) {
    int[] hits = new int[LANGUAGES.size()];
    String lower = text.toLowerCase(Locale.ROOT);
    int n = lower.length();
    for (int i = 0; i < n; ) {
      while (i < n && !Character.isLetter(lower.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && Character.isLetter(lower.charAt(i))) {
        i++;
      }
      if (i > start && i - start <= 6) {
        Integer languages = LANGUAGES_OF_WORD.get(lower.substring(start, i));
        for (int bits = languages == null ? 0 : languages; bits != 0; bits &= bits - 1) {
          hits[Integer.numberOfTrailingZeros(bits)]++;
        }
      }
    }
    Set<Character> letters = new HashSet<>();
    for (int i = 0; i < n; i++) {
      String language = OWN_LETTERS.get(lower.charAt(i));
      if (language != null && letters.add(lower.charAt(i))) {
        hits[LANGUAGES.indexOf(language)]++;
      }
    }
    String best = null;
    int bestHits = 0;
    boolean tie = false;
    for (int l = 0; l < hits.length; l++) {
      if (hits[l] > bestHits) {
        best = LANGUAGES.get(l);
        bestHits = hits[l];
        tie = false;
      } else if (hits[l] == bestHits && hits[l] > 0) {
        tie = true;
      }
    }
    return bestHits >= 2 && !tie ? best : null;
  }

  private static Map<Character, String> ownLetters() {
    Map<Character, String> map = new HashMap<>();
    for (char c : "äöüß".toCharArray()) {
      map.put(c, "de");
    }
    for (char c : "œîû".toCharArray()) {
      map.put(c, "fr");
    }
    for (char c : "ñ¡¿".toCharArray()) {
      map.put(c, "es");
    }
    for (char c : "ãõ".toCharArray()) {
      map.put(c, "pt");
    }
    return Map.copyOf(map);
  }

  private static Map<String, Integer> languagesOfWord() {
    Map<String, Integer> map = new HashMap<>();
    for (int l = 0; l < LANGUAGES.size(); l++) {
      int bit = 1 << l;
      for (String w : STOP_WORDS.get(LANGUAGES.get(l))) {
        map.merge(w, bit, (a, b) -> a | b);
      }
    }
    return Map.copyOf(map);
  }
}
