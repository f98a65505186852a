package dev.bellwether.ingest.normalize;

import dev.bellwether.ingest.parse.FeedEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tickers a news item is about, only where the text marks them as tickers: a cashtag
 * ({@code $ACME}), an exchange prefix ({@code NASDAQ:ACME}, {@code (NYSE: ACME)}), a news wire's
 * mark in angle brackets (a Reuters instrument code such as {@code <AAPL.O>} gives {@code AAPL},
 * {@code <BRKa.N>} gives {@code BRK.A}; a bare symbol such as {@code <SRD>} gives itself), the
 * feed's own tickers, categories whose domain mentions "ticker" or "symbol", and company names of a
 * {@link CompanyDictionary}, and, with a dictionary, the companies it does not know that a headline
 * marks as companies ({@link CompanyCues}: "Adani shares fall" gives {@code ADANI}). A bare word is
 * never taken for a ticker, since many tickers are ordinary words ({@code ALL}, {@code IT},
 * {@code ON}). An instrument code's root is taken as the ticker, which is right for US and London
 * listings; for some others it differs (SAP is {@code <SAPG.DE>}).
 */
public final class EntityExtractor {

  private static final String SYMBOL = "[A-Z]{1,5}(?:\\.[A-Z]{1,2})?";
  private static final Pattern CASHTAG = Pattern.compile("(?<![\\w$])\\$([A-Za-z]{1,5}(?:\\.[A-Za-z]{1,2})?)(?![A-Za-z0-9])");
  private static final Pattern EXCHANGE = Pattern.compile(
      "\\b(?:NYSE(?:\\s?American|\\s?Arca|\\s?MKT)?|NASDAQ|Nasdaq|AMEX|TSX(?:-?V)?|LSE|OTC(?:QX|QB)?|ASX|HKEX|TSE|Euronext)"
          + "\\s*:\\s*(" + SYMBOL + ")\\b");
  /** Root, share class (lower case in instrument codes) and exchange of a wire mark. */
  private static final Pattern WIRE_MARK = Pattern.compile("<([A-Z]{1,6})([a-z])?(?:\\.([A-Z]{1,3}))?>");
  private static final Pattern CATEGORY_SYMBOL = Pattern.compile("(?:[A-Za-z ]+:\\s*)?\\$?(" + SYMBOL + ")");

  private EntityExtractor() {}

  /** The tickers of an item without company names, upper case, without {@code $}, each once, in the order found. */
  public static List<String> tickers(String title, String summary, List<FeedEntry.Category> categories, List<String> feedTickers) {
    return tickers(title, summary, categories, feedTickers, CompanyDictionary.empty());
  }

  /**
   * The tickers of an item, upper case, without {@code $}, each once: the feed's, then those marked in
   * the title and summary, then those of ticker categories, then those of company names, then the headline's other
   * companies (see {@link CompanyCues}; only with a dictionary that knows names).
   */
  public static List<String> tickers(String title, String summary, List<FeedEntry.Category> categories,
      List<String> feedTickers, CompanyDictionary names) {
    Set<String> found = new LinkedHashSet<>();
    for (String ticker : feedTickers) {
      if (!ticker.isBlank()) {
        found.add(ticker.trim().toUpperCase(Locale.ROOT));
      }
    }
    for (String text : new String[] {title, summary}) {
      if (text == null) {
        continue;
      }
      // Each pattern needs a character most texts lack; skipping them there saves a regex scan per text.
      if (text.indexOf('$') >= 0) {
        Matcher cash = CASHTAG.matcher(text);
        while (cash.find()) {
          found.add(cash.group(1).toUpperCase(Locale.ROOT));
        }
      }
      if (text.indexOf(':') >= 0) {
        Matcher exchange = EXCHANGE.matcher(text);
        while (exchange.find()) {
          found.add(exchange.group(1));
        }
      }
      if (text.indexOf('<') >= 0) {
        Matcher mark = WIRE_MARK.matcher(text);
        while (mark.find()) {
          if (mark.group(3) != null || mark.group(2) == null && mark.group(1).length() <= 5) {
            found.add(mark.group(1) + (mark.group(2) == null ? "" : "." + mark.group(2).toUpperCase(Locale.ROOT)));
          }
        }
      }
    }
    for (FeedEntry.Category c : categories) {
      String domain = c.domain().toLowerCase(Locale.ROOT);
      if (domain.contains("ticker") || domain.contains("symbol")) {
        Matcher m = CATEGORY_SYMBOL.matcher(c.value().trim().toUpperCase(Locale.ROOT));
        if (m.matches()) {
          found.add(m.group(1));
        }
      }
    }
    names.tickers(title, found);
    names.tickers(summary, found);
    if (names.size() > 0) {
      CompanyCues.tickers(title, names, found);
    }
    return new ArrayList<>(found);
  }
}
