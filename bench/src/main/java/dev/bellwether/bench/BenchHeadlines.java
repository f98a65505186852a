package dev.bellwether.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A fixed-seed generator of financial headlines of varied length (a few words to a headline
 * with a two-sentence summary glued on), so batching and padding meet realistic spreads.
 */
final class BenchHeadlines {

  private static final long SEED = 20261129L;
  private static final String[] COMPANIES = {
    "Acme Corp", "Globex", "Initech", "Umbrella Holdings", "Stark Industries", "Wayne Enterprises",
    "Hooli", "Vandelay Industries", "Cyberdyne Systems", "Soylent Foods", "Tyrell Corp", "Wonka Brands",
  };
  private static final String[] TICKERS = {"ACME", "GLBX", "INTC", "UMBR", "STRK", "WAYN", "HOOL", "VNDL", "CYBD", "SOYL", "TYRL", "WONK"};
  private static final String[] SHORT = {
    "%s shares fall %d%%", "%s beats estimates", "%s cuts guidance", "%s to buy rival", "%s CEO resigns",
    "Fed holds rates", "Oil jumps %d%% on supply cut", "%s misses on revenue", "Gold hits record high",
  };
  private static final String[] MEDIUM = {
    "%s ($%s) shares plunge %d%% after regulators open fraud probe into accounting",
    "%s raises full-year outlook as cloud revenue grows %d%% from a year earlier",
    "%s agrees to acquire a smaller rival for $%d billion in cash and stock",
    "Analysts downgrade %s ($%s) to sell, citing weak demand and a %d%% margin squeeze",
    "%s announces %d%% workforce reduction amid restructuring of its retail arm",
    "Treasury yields climb to %d-month high as traders price in another rate hike",
    "%s wins $%d billion defence contract, sending shares to an all-time high",
  };
  private static final String[] TAILS = {
    " The company said the move would be completed by the end of the quarter, pending approval.",
    " Chief executive officer said demand remained resilient despite a slowdown in Europe and Asia.",
    " Investors had expected a weaker result after two profit warnings earlier this year.",
    " Trading volume was %d times the 30-day average, with options activity concentrated in puts.",
    " The board also approved a share buyback of up to $%d billion and raised the quarterly dividend.",
  };

  private BenchHeadlines() {}

  /** {@code n} headlines, the same ones on every call. */
  static List<String> generate(int n) {
    Random random = new Random(SEED);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(COMPANIES.length);
      int roll = random.nextInt(10);
      StringBuilder text = new StringBuilder();
      if (roll < 4) {
        text.append(format(pick(random, SHORT), c, random));
      } else {
        text.append(format(pick(random, MEDIUM), c, random));
        int tails = roll < 8 ? 0 : roll - 7;
        if (tails > 0) {
          text.append('.');
        }
        for (int t = 0; t < tails; t++) {
          text.append(format(pick(random, TAILS), c, random));
        }
      }
      out.add(text.toString());
    }
    return out;
  }

  private static String pick(Random random, String[] templates) {
    return templates[random.nextInt(templates.length)];
  }

  // Templates hold, in this order, an optional company (%s), its ticker ($%s) and a number (%d);
  // String.format ignores surplus arguments.
  private static String format(String template, int company, Random random) {
    int number = 2 + random.nextInt(40);
    if (template.contains("($%s)")) {
      return String.format(Locale.ROOT, template, COMPANIES[company], TICKERS[company], number);
    }
    if (template.contains("%s")) {
      return String.format(Locale.ROOT, template, COMPANIES[company], number);
    }
    return String.format(Locale.ROOT, template, number);
  }
}
