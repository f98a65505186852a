package dev.bellwether.ops.backtest;

import dev.bellwether.UserFacingException;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScopePattern;
import dev.bellwether.ops.topics.TimeRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A known event a backtest is checked against: when it began, which scopes should alert on it,
 * and optionally words that its stories' and the alert's headlines name. The delay is counted from
 * its first story: the first item at or after {@code at} whose headline names one of the words, or
 * {@code at} itself when no words are given.
 *
 * @param line the line of the events file it was read from
 * @param at when the event began
 * @param scopes the scopes whose alerts count
 * @param label what to call it
 * @param words words of which the first story's headline and the alert's headlines must name one
 *     (as whole words, any case); empty for none
 */
public record MarketEvent(int line, Instant at, ScopePattern scopes, String label, List<String> words) {

  /** How long after its first story an alert still counts as the event's. */
  public static final Duration HORIZON = Duration.ofDays(2);

  /** Copies the words. */
  public MarketEvent {
    words = List.copyOf(words);
  }

  /**
   * Reads an events file: one event a line, {@code TIME,SCOPE-PATTERN,LABEL[,WORD|WORD...]}
   * (commas or tabs), where TIME is as {@code --from} takes it; blank lines and lines starting
   * with {@code #} are skipped.
   *
   * @throws UserFacingException naming the file and line when a line is not an event
   */
  public static List<MarketEvent> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserFacingException("cannot read the events file " + file + ": " + e.getMessage(), e);
    }
    List<MarketEvent> events = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      events.add(parse(file + ":" + (i + 1), i + 1, text));
    }
    return List.copyOf(events);
  }

  static MarketEvent parse(String where, int line, String text) {
    String[] f = text.split(text.indexOf('\t') >= 0 ? "\t" : ",", 4);
    if (f.length < 3 || f[2].isBlank()) {
      throw new UserFacingException(where + ": '" + text + "' is not TIME,SCOPE-PATTERN,LABEL[,WORD|WORD...]"
          + " (e.g. 2023-01-25T04:00:00Z,topic:*,short-seller report,Adani)", null);
    }
    Instant at = TimeRange.instant(where + ": time", f[0].strip());
    ScopePattern scopes;
    try {
      scopes = new ScopePattern(f[1].strip());
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(where + ": " + e.getMessage(), e);
    }
    List<String> words = new ArrayList<>();
    if (f.length == 4) {
      for (String w : f[3].split("\\|")) {
        if (!w.isBlank()) {
          words.add(w.strip());
        }
      }
    }
    return new MarketEvent(line, at, scopes, f[2].strip(), words);
  }

  /** The first of {@code items} (oldest first) at or after {@link #at} whose headline names one of the words, or null. */
  public RawNewsItem firstStory(List<RawNewsItem> items) {
    for (RawNewsItem item : items) {
      if (item.publishedAt().isBefore(at)) {
        continue;
      }
      if (names(item)) {
        return item;
      }
    }
    return null;
  }

  private boolean names(RawNewsItem item) {
    return words.isEmpty() || mentions(item.title(), words);
  }

  /** Whether {@code text} holds one of {@code words} as a whole word, in any case. */
  static boolean mentions(String text, List<String> words) {
    for (String w : words) {
      Pattern p = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(w) + "(?![\\p{L}\\p{N}])",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      if (p.matcher(text).find()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first episode of {@code episodes} (by first firing) that counts for this event: in its
   * scopes, raised between {@code from} and {@link #HORIZON} after it, its headlines naming one of
   * the words; null when none.
   */
  public AlertEpisode firstAlert(List<AlertEpisode> episodes, Instant from) {
    for (AlertEpisode e : episodes) {
      if (e.firstFiredAt().isBefore(from) || e.firstFiredAt().isAfter(from.plus(HORIZON))) {
        continue;
      }
      if (scopes.matches(e.scope()) && e.headlinesName(words)) {
        return e;
      }
    }
    return null;
  }
}
