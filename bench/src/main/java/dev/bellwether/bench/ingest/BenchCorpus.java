package dev.bellwether.bench.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic corpus of RSS 2.0 documents for the ingest benchmark: company news built from
 * varied event phrasings, with tickers written as cashtags or exchange prefixes, about one item in
 * six a syndicated copy of a recent one (another host, tracking parameters, a re-worded title) and
 * one in twenty an exact repeat.
 */
final class BenchCorpus {

  private static final String[] SYLLABLES = {"cor", "vex", "hal", "vor", "north", "wind", "pel", "lu", "brit", "kes",
    "trel", "or", "bi", "tel", "ver", "id", "sa", "ble", "ash", "grove", "quan", "ta", "sky", "lark", "mer", "cal", "der",
    "tri", "dent", "lum", "en", "gra", "nite", "fer", "ris", "zan", "tho", "mira"};
  private static final String[] SECTORS = {"Semiconductor", "Bank", "Energy", "Pharma", "Stores", "Motors", "Mining",
    "Foods", "Logistics", "Industrial", "Software", "Airlines", "Utilities", "Holdings"};
  /** Every event carries a number, as most company news does; copies keep it, other events rarely share it. */
  private static final String[] EVENTS = {
    "cuts full-year revenue forecast by %d%% as demand weakens", "raises quarterly dividend by %d%%",
    "to buy rival unit for $%d billion", "shares fall %d%% after profit warning",
    "names new chief financial officer after %d-month search", "wins $%d billion government contract",
    "recalls %d,000 vehicles over safety defect", "faces regulator probe over $%d million in accounting errors",
    "announces $%d billion share buyback", "to cut %d,000 jobs in restructuring",
    "third-quarter profit rises %d%%, beating estimates", "upgraded to buy at Castell Partners, target raised to $%d",
    "settles patent dispute with rival for $%d million", "to open $%d million plant in Ohio"};
  private static final String[] REWORD = {"cuts|slashes", "raises|lifts", "to buy|agrees to acquire", "fall|drop",
    "names|appoints", "wins|secures", "recalls|is recalling", "faces|hit with", "to cut|will eliminate"};
  private static final String[] CLAUSES = {
    "the company said in a statement on %s", "according to a regulatory filing published on %s",
    "people familiar with the matter said on %s", "its chief executive told analysts on a call on %s"};
  private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private BenchCorpus() {}

  /** {@code items} items in documents of {@code perDocument}, from {@code seed}. */
  static List<byte[]> documents(int items, int perDocument, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String[]> recent = new ArrayList<>();
    List<byte[]> docs = new ArrayList<>();
    Instant t = Instant.parse("2026-11-02T00:00:00Z");
    StringBuilder doc = null;
    for (int i = 0; i < items; i++) {
      if (i % perDocument == 0) {
        if (doc != null) {
          docs.add(close(doc));
        }
        doc = new StringBuilder(64 * perDocument * 8).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .append("<rss version=\"2.0\"><channel><title>Bench ").append(docs.size())
            .append("</title><link>https://bench.example/</link><description>bench</description>\n");
      }
      t = t.plusSeconds(1 + r.nextInt(20));
      int roll = r.nextInt(100);
      String[] item;
      if (roll < 5 && !recent.isEmpty()) {
        item = recent.get(r.nextInt(recent.size())).clone();
      } else if (roll < 22 && !recent.isEmpty()) {
        String[] original = recent.get(r.nextInt(recent.size()));
        item = new String[] {"https://syndicate" + r.nextInt(5) + ".example/news/" + i + "?utm_source=rss&fbclid=x" + i,
            reword(original[1], r), original[2]};
      } else {
        item = fresh(i, r);
        recent.add(item);
        if (recent.size() > 200) {
          recent.remove(0);
        }
      }
      doc.append("<item><title>").append(item[1]).append("</title><link>").append(item[0]).append("</link><guid>")
          .append(item[0]).append("</guid><description>").append(item[2]).append("</description><pubDate>")
          .append(RFC_1123.format(t)).append("</pubDate></item>\n");
    }
    if (doc != null) {
      docs.add(close(doc));
    }
    return docs;
  }

  private static String[] fresh(int i, SplittableRandom r) {
    String[] company = company(r.nextInt(600));
    String event = String.format(EVENTS[r.nextInt(EVENTS.length)], 2 + r.nextInt(400));
    String ticker = r.nextBoolean() ? "($" + company[1] + ")" : "(NASDAQ: " + company[1] + ")";
    String title = company[0] + " " + event;
    String day = DAYS[r.nextInt(DAYS.length)];
    String summary = company[0] + " " + ticker + " " + event.replace("%", " percent") + ", "
        + String.format(CLAUSES[r.nextInt(CLAUSES.length)], day) + ". The move follows " + (3 + r.nextInt(9))
        + " months of " + (r.nextBoolean() ? "slowing orders" : "rising costs") + " in its " + (r.nextBoolean() ? "European" : "North American")
        + " business, and analysts at " + (r.nextBoolean() ? "Castell Partners" : "Ridgeway Capital") + " expect a "
        + (r.nextBoolean() ? "stronger" : "weaker") + " fourth quarter; reference " + Integer.toString(i, 36) + ".";
    return new String[] {"https://wire.example/news/" + i, title, summary};
  }

  /** Company {@code n} of a fixed list of made-up names: name and ticker. */
  private static String[] company(int n) {
    SplittableRandom r = new SplittableRandom(n * 7919L);
    String stem = SYLLABLES[r.nextInt(SYLLABLES.length)] + SYLLABLES[r.nextInt(SYLLABLES.length)];
    String name = Character.toUpperCase(stem.charAt(0)) + stem.substring(1) + " " + SECTORS[r.nextInt(SECTORS.length)];
    String ticker = (stem.toUpperCase(java.util.Locale.ROOT) + "XXXX").substring(0, 3 + n % 2);
    return new String[] {name, ticker};
  }

  private static String reword(String title, SplittableRandom r) {
    for (String pair : REWORD) {
      String[] p = pair.split("\\|");
      if (title.contains(" " + p[0] + " ")) {
        return title.replace(" " + p[0] + " ", " " + p[1] + " ");
      }
    }
    return r.nextBoolean() ? title + " - report" : "UPDATE 1-" + title;
  }

  private static byte[] close(StringBuilder doc) {
    return doc.append("</channel></rss>\n").toString().getBytes(StandardCharsets.UTF_8);
  }
}
