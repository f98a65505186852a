package dev.bellwether.embedded;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headline templates of the simulated newswire, one set per topic of the financial news
 * taxonomy, each with the tone a reader would give it. Placeholders such as {@code {co}} or
 * {@code {pct}} are filled from small word lists and random numbers, so that stories differ.
 */
final class Headlines {

  /** One headline pattern. */
  record Template(String topic, String sentiment, String text) {}

  static final String ANALYST = "Analyst Update";
  static final String EARNINGS = "Earnings";
  static final String PRODUCT = "Company | Product News";
  static final String PERSONNEL = "Personnel Change";
  static final String DIVIDEND = "Dividend";
  static final String MNA = "M&A | Investments";
  static final String MOVEMENT = "Stock Movement";
  static final String LEGAL = "Legal | Regulation";

  /** Ordinary company news. */
  static final List<Template> COMPANY = List.of(
      t(ANALYST, "positive", "{firm} upgrades {co} to buy, lifts price target to ${pt}"),
      t(ANALYST, "positive", "{co} price target raised to ${pt} at {firm} on {driver}"),
      t(ANALYST, "neutral", "{firm} initiates coverage of {co} with neutral rating"),
      t(ANALYST, "neutral", "{firm} reiterates hold rating on {co} ahead of {q} results"),
      t(ANALYST, "negative", "{firm} downgrades {co} to sell, citing {risk}"),
      t(EARNINGS, "positive", "{co} {q} profit beats estimates as revenue climbs {pct}%"),
      t(EARNINGS, "positive", "{co} raises full-year outlook after strong {q} sales"),
      t(EARNINGS, "positive", "{co} posts record quarterly revenue of ${rev} billion"),
      t(EARNINGS, "neutral", "{co} to report {q} results on {weekday}"),
      t(EARNINGS, "neutral", "{co} {q} earnings of ${eps} a share in line with expectations"),
      t(EARNINGS, "negative", "{co} swings to {q} loss, misses revenue forecasts"),
      t(PRODUCT, "positive", "{co} unveils {product} to expand its lineup"),
      t(PRODUCT, "positive", "{co} wins ${amt} billion contract from {client}"),
      t(PRODUCT, "neutral", "{co} to present at {conference} next week"),
      t(PRODUCT, "neutral", "{co} opens new regional office in {city}"),
      t(PRODUCT, "negative", "{co} recalls {units} units over safety concerns"),
      t(PERSONNEL, "neutral", "{co} names {person} as chief financial officer"),
      t(PERSONNEL, "neutral", "{co} appoints {person} to board of directors"),
      t(PERSONNEL, "positive", "{co} hires {rival} veteran {person} as {role} to drive growth"),
      t(PERSONNEL, "negative", "{co} {role} departs abruptly, shares fall"),
      t(DIVIDEND, "positive", "{co} raises quarterly dividend {pct}% to ${div} a share"),
      t(DIVIDEND, "positive", "{co} announces ${amt} billion share buyback"),
      t(DIVIDEND, "neutral", "{co} declares regular quarterly dividend of ${div} per share"),
      t(DIVIDEND, "negative", "{co} suspends dividend to preserve cash"),
      t(MNA, "positive", "{co} to acquire {rival} unit in ${amt} billion deal"),
      t(MNA, "neutral", "{co} in talks to buy stake in {rival}, sources say"),
      t(MNA, "neutral", "{co} completes sale of its {unit} business"),
      t(MNA, "negative", "{co} abandons takeover bid after regulators object"),
      t(MOVEMENT, "positive", "{co} shares jump {pct}% after {driver}"),
      t(MOVEMENT, "positive", "{co} stock hits record high on {driver}"),
      t(MOVEMENT, "neutral", "{co} shares little changed ahead of {q} report"),
      t(MOVEMENT, "negative", "{co} shares slide {pct}% as {risk} worries mount"),
      t(LEGAL, "positive", "{co} wins regulatory approval for {product} in {country}"),
      t(LEGAL, "neutral", "{co} settles patent dispute with {rival}"));

  /** Market-wide news that names no company. */
  static final List<Template> MACRO = List.of(
      t("Fed | Central Banks", "neutral", "Fed holds rates steady, signals patience on cuts"),
      t("Fed | Central Banks", "neutral", "Fed's {official} says inflation fight is not over yet"),
      t("Fed | Central Banks", "positive", "Fed minutes show officials see room to ease in {month}"),
      t("Energy | Oil", "positive", "Oil rises {smallpct}% as producers extend output cuts"),
      t("Energy | Oil", "negative", "Oil tumbles {smallpct}% on global demand worries"),
      t("Currencies", "neutral", "Dollar slips against yen ahead of jobs data"),
      t("Currencies", "positive", "Euro climbs to {n}-month high after central bank comments"),
      t("Treasuries | Corporate Debt", "neutral", "Treasury yields edge higher as investors weigh inflation data"),
      t("Macro", "positive", "US economy adds {jobs},000 jobs in {month}, beating forecasts"),
      t("Macro", "negative", "Consumer confidence falls to {n}-month low as prices bite"),
      t("Markets", "positive", "Stocks rally as tech gains lift Wall Street to record close"),
      t("Markets", "negative", "Wall Street falls as recession fears resurface"),
      t("Gold | Metals | Materials", "neutral", "Gold steadies near record as investors seek safety"));

  /** Clearly negative stories for the scheduled burst, mostly legal trouble and the share price. */
  static final List<Template> BURST = List.of(
      t(LEGAL, "negative", "{agency} opens investigation into {co} accounting at its {unit} unit"),
      t(LEGAL, "negative", "{co} faces {agency} probe over {issue}"),
      t(LEGAL, "negative", "{agency} investigators raid {co} offices in {city} in widening fraud inquiry"),
      t(LEGAL, "negative", "{co} hit with ${amt} billion shareholder lawsuit alleging {issue}"),
      t(LEGAL, "negative", "{agency} subpoenas {co} executives over {issue}"),
      t(LEGAL, "negative", "{co} auditor quits, flags {issue} at {unit} business"),
      t(LEGAL, "negative", "{co} delays annual report as {agency} scrutinizes {issue}"),
      t(LEGAL, "negative", "Prosecutors charge former {co} {role} in {issue} case"),
      t(LEGAL, "negative", "{co} faces ${fine} million fine over {issue}"),
      t(LEGAL, "negative", "{co} whistleblower alleges {issue} at {city} office"),
      t(LEGAL, "negative", "Judge rejects {co} bid to dismiss ${amt} billion lawsuit over {issue}"),
      t(LEGAL, "negative", "{country} regulators suspend {co} license pending review of {issue}"),
      t(LEGAL, "negative", "{co} discloses {agency} inquiry into {issue} in filing"),
      t(MOVEMENT, "negative", "{co} shares plunge {bigpct}% after fraud probe"),
      t(MOVEMENT, "negative", "{co} stock sinks to {n}-year low as {agency} investigation deepens"),
      t(MOVEMENT, "negative", "{co} shares tumble {bigpct}% as short seller alleges {issue}"),
      t(MOVEMENT, "negative", "{co} loses ${amt} billion in market value amid accounting scandal"),
      t(MOVEMENT, "negative", "Trading in {co} halted after shares crash {bigpct}%"),
      t(PERSONNEL, "negative", "{co} {role} {person} resigns amid accounting questions"),
      t(EARNINGS, "negative", "{co} slashes full-year guidance, sees {q} revenue falling {pct}%"),
      t(PRODUCT, "negative", "{co} recalls {units} devices over fire risk"),
      t(ANALYST, "negative", "{firm} downgrades {co} to sell on governance concerns, cuts target to ${pt}"));

  private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

  private static final List<String> FIRMS = List.of(
      "Halvorsen Capital", "Brightline Securities", "Castellan Partners", "Marlow & Finch", "Northgate Research",
      "Pemberton Brothers");
  private static final List<String> AGENCIES = List.of(
      "SEC", "Justice Department", "FTC", "European Commission", "UK fraud office", "New York attorney general");
  private static final List<String> ISSUES = List.of(
      "revenue recognition", "inflated sales figures", "undisclosed related-party deals", "misleading disclosures",
      "channel stuffing", "bribery in overseas contracts", "hidden product defects", "falsified safety tests",
      "improper lease accounting", "insider trading", "off-balance-sheet debt", "backdated stock options");
  private static final List<String> RISKS = List.of(
      "weak demand", "rising costs", "supply chain disruptions", "a slowdown in China", "pricing pressure",
      "higher interest rates");
  private static final List<String> DRIVERS = List.of(
      "strong cloud demand", "upbeat guidance", "a new product launch", "takeover speculation", "an analyst upgrade",
      "record orders");
  private static final List<String> PEOPLE = List.of(
      "Maria Lindqvist", "David Okafor", "Priya Raman", "Thomas Keller", "Elena Vasquez", "James Whitcombe",
      "Aiko Tanaka", "Robert Adeyemi");
  private static final List<String> ROLES = List.of(
      "CFO", "chief operating officer", "chief technology officer", "general counsel", "head of sales");
  private static final List<String> PRODUCTS = List.of(
      "an AI-powered analytics platform", "a next-generation battery", "a low-cost subscription tier",
      "a new line of industrial robots", "a plant-based snack range", "a cloud security suite",
      "a once-weekly diabetes drug");
  private static final List<String> CITIES = List.of(
      "Austin", "Singapore", "Frankfurt", "Toronto", "Dublin", "Sao Paulo", "Seoul");
  private static final List<String> COUNTRIES = List.of(
      "Germany", "Japan", "Brazil", "India", "Canada", "Britain", "Australia");
  private static final List<String> CLIENTS = List.of(
      "the US Air Force", "a major European airline", "a Fortune 100 retailer", "Britain's health service",
      "a Gulf sovereign fund");
  private static final List<String> CONFERENCES = List.of("an industry conference", "its investor day", "a technology summit");
  private static final List<String> UNITS = List.of("consumer", "logistics", "European", "legacy hardware", "chemicals");
  private static final List<String> QUARTERS = List.of("first-quarter", "second-quarter", "third-quarter", "fourth-quarter");
  private static final List<String> WEEKDAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday");
  private static final List<String> MONTHS = List.of("March", "June", "September", "December");
  private static final List<String> OFFICIALS = List.of("Whitaker", "Brennan", "Castillo", "Moreau");

  private Headlines() {}

  private static Template t(String topic, String sentiment, String text) {
    return new Template(topic, sentiment, text);
  }

  /** Fills the placeholders of {@code text} for {@code company} (null for macro news) from {@code random}. */
  static String fill(String text, Company company, SplittableRandom random) {
    Matcher m = SLOT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), company, random)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String value(String slot, Company company, SplittableRandom r) {
    return switch (slot) {
      case "co" -> company.name();
      case "rival" -> otherCompany(company, r).name();
      case "firm" -> pick(FIRMS, r);
      case "agency" -> pick(AGENCIES, r);
      case "issue" -> pick(ISSUES, r);
      case "risk" -> pick(RISKS, r);
      case "driver" -> pick(DRIVERS, r);
      case "person" -> pick(PEOPLE, r);
      case "role" -> pick(ROLES, r);
      case "product" -> pick(PRODUCTS, r);
      case "city" -> pick(CITIES, r);
      case "country" -> pick(COUNTRIES, r);
      case "client" -> pick(CLIENTS, r);
      case "conference" -> pick(CONFERENCES, r);
      case "unit" -> pick(UNITS, r);
      case "q" -> pick(QUARTERS, r);
      case "weekday" -> pick(WEEKDAYS, r);
      case "month" -> pick(MONTHS, r);
      case "official" -> pick(OFFICIALS, r);
      case "pct" -> Integer.toString(2 + r.nextInt(13));
      case "bigpct" -> Integer.toString(15 + r.nextInt(31));
      case "smallpct" -> String.format(Locale.ROOT, "%.1f", 0.5 + r.nextInt(35) / 10.0);
      case "pt" -> Integer.toString(20 + 5 * r.nextInt(77));
      case "eps" -> String.format(Locale.ROOT, "%.2f", 0.1 + r.nextInt(390) / 100.0);
      case "rev", "amt" -> String.format(Locale.ROOT, "%.1f", 1.1 + r.nextInt(240) / 10.0);
      case "div" -> String.format(Locale.ROOT, "%.2f", 0.05 + r.nextInt(146) / 100.0);
      case "units" -> String.format(Locale.ROOT, "%.1f million", 0.2 + r.nextInt(39) / 10.0);
      case "fine" -> Integer.toString(50 + 10 * r.nextInt(86));
      case "jobs" -> Integer.toString(140 + r.nextInt(190));
      case "n" -> Integer.toString(2 + r.nextInt(9));
      default -> throw new IllegalArgumentException("unknown headline placeholder {" + slot + "}");
    };
  }

  static <T> T pick(List<T> list, SplittableRandom r) {
    return list.get(r.nextInt(list.size()));
  }

  private static Company otherCompany(Company company, SplittableRandom r) {
    Company other = pick(Company.ALL, r);
    return other.equals(company) ? Company.ALL.get((Company.ALL.indexOf(other) + 1) % Company.ALL.size()) : other;
  }
}
