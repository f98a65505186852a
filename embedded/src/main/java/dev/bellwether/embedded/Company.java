package dev.bellwether.embedded;

import java.util.List;
import java.util.Locale;

/**
 * A fictional listed company of the simulated newswire. The tickers are made up and chosen to
 * look unused, so that simulated alerts are never mistaken for news about a real issuer.
 *
 * @param name company name as headlines write it
 * @param ticker its ticker symbol, upper case
 * @param exchange the exchange it is listed on
 * @param sector its industry, used in summaries
 */
record Company(String name, String ticker, String exchange, String sector) {

  /** The companies the simulator writes about. */
  static final List<Company> ALL = List.of(
      new Company("Acme Corp", "ACME", "NYSE", "industrial equipment"),
      new Company("Globex", "GLBX", "NASDAQ", "software"),
      new Company("Initech", "INTK", "NASDAQ", "business services"),
      new Company("Umbrella Corp", "UMBR", "NYSE", "pharmaceutical"),
      new Company("Hooli", "HOOL", "NASDAQ", "internet"),
      new Company("Soylent Foods", "SOYL", "NYSE", "packaged food"),
      new Company("Stark Industries", "STRK", "NYSE", "defense"),
      new Company("Wayne Enterprises", "WAYN", "NYSE", "conglomerate"),
      new Company("Cyberdyne Systems", "CYDN", "NASDAQ", "robotics"),
      new Company("Tyrell Corp", "TYRL", "NASDAQ", "biotechnology"),
      new Company("Wonka Industries", "WNKA", "NYSE", "confectionery"),
      new Company("Oscorp", "OSCP", "NYSE", "chemicals"));

  /** The company with {@code ticker}, or a made-up one named after the ticker when none matches. */
  static Company byTicker(String ticker) {
    String t = ticker.trim().toUpperCase(Locale.ROOT);
    return ALL.stream()
        .filter(c -> c.ticker.equals(t))
        .findFirst()
        .orElseGet(() -> new Company(t.charAt(0) + t.substring(1).toLowerCase(Locale.ROOT) + " Inc", t, "NYSE", "diversified"));
  }
}
