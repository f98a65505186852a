package dev.bellwether.embedded;

import dev.bellwether.config.SimulatorConfig;
import dev.bellwether.embedded.Headlines.Template;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated news of the simulator, as a pure function of the seed and the time: ordinary
 * items sit on time slots aligned to the epoch ({@code k * interval}), burst items on their own
 * slots inside the burst window, and each item is rebuilt from its seed and slot alone, so a
 * restarted simulator serves the same items for the same times.
 */
final class Newswire {

  /** The most items one feed lists, newest first. */
  static final int MAX_ITEMS_PER_FEED = 5000;

  private static final Pattern ID = Pattern.compile("([nb])(\\d{1,19})-([0-9a-f]{8})");
  private static final Set<String> WIRE_TOPICS = Set.of(Headlines.ANALYST, Headlines.MOVEMENT, Headlines.LEGAL);
  private static final Duration MIN_WINDOW = Duration.ofHours(1);

  private final long seed;
  private final long intervalMs;
  private final long burstIntervalMs;
  private final Instant earliest;
  private final Duration window;
  private final Instant burstStart;
  private final Instant burstEnd;
  private final Company burstCompany;

  Newswire(SimulatorConfig config, Instant start) {
    this.seed = config.seed();
    this.intervalMs = Math.max(1, Math.round(60_000 / config.itemsPerMinute()));
    this.burstIntervalMs = config.burstItemsPerMinute() > 0 ? Math.max(1, Math.round(60_000 / config.burstItemsPerMinute())) : 0;
    this.earliest = start.minus(config.history());
    this.window = config.history().compareTo(MIN_WINDOW) > 0 ? config.history() : MIN_WINDOW;
    this.burstStart = start.plus(config.burstStartsAfter());
    this.burstEnd = burstStart.plus(config.burstDuration());
    this.burstCompany = Company.byTicker(config.burstCompany());
  }

  /** When the burst starts. */
  Instant burstStart() {
    return burstStart;
  }

  /** When the burst ends (exclusive). */
  Instant burstEnd() {
    return burstEnd;
  }

  /**
   * The items of {@code feed} published up to {@code now}, newest first: back to the simulator's
   * start minus its history, and never older than the history window (at least an hour) before now.
   */
  List<WireItem> items(WireItem.Feed feed, Instant now) {
    Instant oldest = now.minus(window).isAfter(earliest) ? now.minus(window) : earliest;
    List<WireItem> all = new ArrayList<>();
    for (long k = Math.floorDiv(now.toEpochMilli(), intervalMs); k * intervalMs >= oldest.toEpochMilli(); k--) {
      all.add(regular(k));
    }
    if (burstIntervalMs > 0) {
      for (long k = Math.floorDiv(now.toEpochMilli(), burstIntervalMs); k * burstIntervalMs >= oldest.toEpochMilli(); k--) {
        if (inBurst(k)) {
          all.add(burst(k));
        }
      }
    }
    return all.stream()
        .filter(i -> i.feed() == feed)
        .sorted((a, b) -> b.publishedAt().compareTo(a.publishedAt()))
        .limit(MAX_ITEMS_PER_FEED)
        .toList();
  }

  /** The item with {@code id} if it exists and is published by {@code now}. */
  Optional<WireItem> item(String id, Instant now) {
    Matcher m = ID.matcher(id);
    if (!m.matches()) {
      return Optional.empty();
    }
    long slot;
    try {
      slot = Long.parseLong(m.group(2));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    boolean isBurst = m.group(1).equals("b");
    if (isBurst && (burstIntervalMs == 0 || !inBurst(slot))) {
      return Optional.empty();
    }
    WireItem item = isBurst ? burst(slot) : regular(slot);
    return item.id().equals(id) && !item.publishedAt().isAfter(now) ? Optional.of(item) : Optional.empty();
  }

  private boolean inBurst(long slot) {
    long t = slot * burstIntervalMs;
    return t >= burstStart.toEpochMilli() && t < burstEnd.toEpochMilli();
  }

  private WireItem regular(long slot) {
    long hash = mix(seed, 'n', slot);
    SplittableRandom r = new SplittableRandom(hash);
    boolean macro = r.nextInt(100) < 15;
    int tone = r.nextInt(100);
    String sentiment = tone < 15 ? "negative" : tone < 55 ? "positive" : "neutral";
    Company company = macro ? null : Headlines.pick(Company.ALL, r);
    List<Template> candidates = (macro ? Headlines.MACRO : Headlines.COMPANY).stream()
        .filter(t -> t.sentiment().equals(sentiment))
        .toList();
    return build("n", slot, slot * intervalMs, hash, company, Headlines.pick(candidates, r), r);
  }

  private WireItem burst(long slot) {
    long hash = mix(seed, 'b', slot);
    SplittableRandom r = new SplittableRandom(hash);
    int roll = r.nextInt(100);
    List<Template> candidates = Headlines.BURST.stream()
        .filter(t -> roll < 65 ? t.topic().equals(Headlines.LEGAL)
            : roll < 90 ? t.topic().equals(Headlines.MOVEMENT)
            : !t.topic().equals(Headlines.LEGAL) && !t.topic().equals(Headlines.MOVEMENT))
        .toList();
    return build("b", slot, slot * burstIntervalMs, hash, burstCompany, Headlines.pick(candidates, r), r);
  }

  private static WireItem build(
      String kind, long slot, long epochMs, long hash, Company company, Template template, SplittableRandom r) {
    String id = kind + slot + "-" + String.format("%08x", hash >>> 32);
    Instant published = Instant.ofEpochMilli(epochMs).truncatedTo(ChronoUnit.SECONDS);
    String title = Headlines.fill(template.text(), company, r);
    WireItem.Feed feed = company == null || WIRE_TOPICS.contains(template.topic()) ? WireItem.Feed.WIRE : WireItem.Feed.COMPANIES;
    return new WireItem(id, published, company, template.topic(), template.sentiment(), title,
        summary(company, template.sentiment(), r), feed);
  }

  private static String summary(Company company, String sentiment, SplittableRandom r) {
    List<String> clauses = switch (sentiment) {
      case "positive" -> List.of("said demand remained strong across its main markets.",
          "said it expects the momentum to continue into next year.", "welcomed the news in a brief statement.");
      case "negative" -> List.of("did not immediately respond to a request for comment.",
          "said it was reviewing the matter and would cooperate fully.", "declined to comment beyond a short statement.");
      default -> List.of("said it would give more details in due course.",
          "made the announcement in a regulatory filing.", "said the move was in line with its plans.");
    };
    String clause = Headlines.pick(clauses, r);
    if (company == null) {
      return "Markets reacted as analysts weighed the news; one strategist " + clause;
    }
    return company.name() + " (" + company.exchange() + ": " + company.ticker() + "), the " + company.sector()
        + " company, " + clause;
  }

  /** A well-mixed 64-bit hash of the seed, the kind of item and its slot (SplitMix64's finaliser). */
  static long mix(long seed, char kind, long slot) {
    long z = seed * 0x9E3779B97F4A7C15L + kind * 0xBF58476D1CE4E5B9L + slot * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
