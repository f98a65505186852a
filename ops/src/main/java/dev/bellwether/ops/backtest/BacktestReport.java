package dev.bellwether.ops.backtest;

import dev.bellwether.alerts.notify.AlertLine;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import dev.bellwether.event.RawNewsItem;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a backtest found, for people (text) and scripts (JSON): every alert episode, the episodes
 * per scope per week with the figures the targets are on, and the delay from each known
 * event's first story to its first alert.
 *
 * @param result the backtest
 * @param episodes its alert episodes, by first firing
 * @param weeks the ISO weeks (Monday, UTC) the reported range touches, oldest first
 * @param perScopeWeek episodes per scope and week (by first firing), scopes in key order
 * @param events the events checked, with what was found
 */
public record BacktestReport(
    Backtest.Result result, List<AlertEpisode> episodes, List<LocalDate> weeks,
    Map<String, Map<LocalDate, Integer>> perScopeWeek, List<EventOutcome> events) {

  /** Headlines printed per episode. */
  static final int HEADLINES_SHOWN = 3;

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm'Z'").withZone(ZoneOffset.UTC);

  /**
   * One event and what the backtest did about it.
   *
   * @param event the event
   * @param firstStory its first story, null when no item named it
   * @param firstAlert the first alert that counts for it, null when none did
   */
  public record EventOutcome(MarketEvent event, RawNewsItem firstStory, AlertEpisode firstAlert) {
    /** From the first story (or the event time without one) to the first alert; null without an alert. */
    public Duration delay() {
      if (firstAlert == null) {
        return null;
      }
      return Duration.between(firstStory == null ? event.at() : firstStory.publishedAt(), firstAlert.firstFiredAt());
    }
  }

  /** Copies the collections. */
  public BacktestReport {
    episodes = List.copyOf(episodes);
    weeks = List.copyOf(weeks);
    events = List.copyOf(events);
  }

  /** The report of {@code result}, checked against {@code events}. */
  public static BacktestReport of(Backtest.Result result, Instant reportFrom, List<MarketEvent> events) {
    List<AlertEpisode> episodes = AlertEpisode.of(result.alerts());
    List<LocalDate> weeks = new ArrayList<>();
    if (result.last() != null) {
      Instant start = reportFrom.isAfter(result.first()) ? reportFrom : result.first();
      LocalDate week = monday(start);
      while (!week.isAfter(monday(result.last()))) {
        weeks.add(week);
        week = week.plusWeeks(1);
      }
    }
    Map<String, Map<LocalDate, Integer>> perScopeWeek = new TreeMap<>();
    for (AlertEpisode e : episodes) {
      perScopeWeek.computeIfAbsent(e.scope(), k -> new TreeMap<>()).merge(monday(e.firstFiredAt()), 1, Integer::sum);
    }
    List<EventOutcome> outcomes = new ArrayList<>();
    for (MarketEvent event : events) {
      RawNewsItem first = event.firstStory(result.stories());
      Instant from = first == null ? event.at() : first.publishedAt();
      outcomes.add(new EventOutcome(event, first, event.firstAlert(episodes, from)));
    }
    return new BacktestReport(result, episodes, weeks, perScopeWeek, outcomes);
  }

  private static LocalDate monday(Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
  }

  /** The most episodes any scope had in one week. */
  public int maxPerScopeWeek() {
    return perScopeWeek.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).max().orElse(0);
  }

  /** The scope with the most episodes per week on average, null when none alerted. */
  public String busiestScope() {
    String busiest = null;
    int most = 0;
    for (Map.Entry<String, Map<LocalDate, Integer>> e : perScopeWeek.entrySet()) {
      int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
      if (total > most) {
        most = total;
        busiest = e.getKey();
      }
    }
    return busiest;
  }

  /** Episodes per week of the busiest scope (the "per scope per week on average"). */
  public double maxMeanPerScopeWeek() {
    String busiest = busiestScope();
    if (busiest == null || weeks.isEmpty()) {
      return 0.0;
    }
    return perScopeWeek.get(busiest).values().stream().mapToInt(Integer::intValue).sum() / weekSpan();
  }

  /** Weeks of data reported, fractional: the span from the first reported item to the last. */
  public double weekSpan() {
    if (result.last() == null) {
      return 0.0;
    }
    return Math.max(1.0, Duration.between(result.first(), result.last()).toMinutes() / (7.0 * 24 * 60));
  }

  /** Prints the report for people. */
  public void print(PrintWriter out, String fileName) {
    Backtest.Result r = result;
    out.printf(Locale.ROOT, "backtest %s: %,d items read (%,d bad lines), %,d exact repeats dropped, %,d near-duplicates "
        + "linked to earlier stories%n", fileName, r.read() - r.bad(), r.bad(), r.duplicates(), r.nearDuplicates());
    if (r.first() != null) {
      out.printf(Locale.ROOT, "  %,d items from %s to %s (%,d of them warm-up before the reported range)%n", r.fed(),
          MINUTE.format(r.first()), MINUTE.format(r.last()), r.warmUp());
    }
    out.printf(Locale.ROOT, "  model %s: %,d texts scored now, %,d scores from the cache%n", r.model(), r.scored(),
        r.cached());
    Backtest.Timings t = r.timings();
    out.printf(Locale.ROOT, "  time: read %.1f s, stories %.1f s, scores %.1f s, alerting %.1f s; total %.1f s%n",
        t.read(), t.stories(), t.score(), t.alert(), t.total());
    out.println();
    String busiest = busiestScope();
    out.printf(Locale.ROOT, "%d alert episodes in %d scopes over %.1f weeks%s%n", episodes.size(), perScopeWeek.size(),
        weekSpan(), busiest == null ? "" : String.format(Locale.ROOT,
            "; busiest scope %s: %.2f per week; most in one week by one scope: %d", busiest, maxMeanPerScopeWeek(),
            maxPerScopeWeek()));
    for (AlertEpisode e : episodes) {
      Alert p = e.peak();
      out.printf(Locale.ROOT, "%n  %s  %-30s %-8s first fired; peak %s: %d negative stories against %s expected "
              + "(share %.0f%% against %.0f%%, z %.1f); %s%n",
          MINUTE.format(e.firstFiredAt()), e.scope(), e.severity().name().toLowerCase(Locale.ROOT),
          CLOCK.format(p.updatedAt()), p.negativeStories(), AlertLine.count(p.baselineNegativeStories()),
          100 * p.negativeShare(),
          100 * p.baselineNegativeShare(), p.zScore(),
          e.resolvedAt() == null ? "still open at the end" : "resolved " + MINUTE.format(e.resolvedAt()));
      e.headlines().stream().limit(HEADLINES_SHOWN).forEach(h -> out.printf(Locale.ROOT, "      - %s (%s, %s)%n",
          h.title(), h.source(), MINUTE.format(h.publishedAt())));
    }
    printWeeks(out);
    printEvents(out);
    out.flush();
  }

  private void printWeeks(PrintWriter out) {
    if (perScopeWeek.isEmpty() || weeks.isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "%nepisodes per scope per week (weeks from Monday, UTC; scopes without episodes left out)%n");
    int width = Math.max(12, perScopeWeek.keySet().stream().mapToInt(String::length).max().orElse(12));
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s", "scope"));
    for (LocalDate w : weeks) {
      head.append(String.format(Locale.ROOT, " %4s", "W" + w.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
    }
    out.println(head.append("  total"));
    for (Map.Entry<String, Map<LocalDate, Integer>> e : perScopeWeek.entrySet()) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s", e.getKey()));
      int total = 0;
      for (LocalDate w : weeks) {
        int n = e.getValue().getOrDefault(w, 0);
        total += n;
        row.append(String.format(Locale.ROOT, " %4s", n == 0 ? "." : Integer.toString(n)));
      }
      out.println(row.append(String.format(Locale.ROOT, "  %5d", total)));
    }
  }

  private void printEvents(PrintWriter out) {
    if (events.isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "%nevents%n");
    for (EventOutcome o : events) {
      MarketEvent ev = o.event();
      out.printf(Locale.ROOT, "  %s  %s (%s): ", MINUTE.format(ev.at()), ev.label(), ev.scopes());
      if (o.firstStory() == null && !ev.words().isEmpty()) {
        out.printf(Locale.ROOT, "no story names %s%n", String.join(" or ", ev.words()));
        continue;
      }
      if (o.firstStory() != null && !ev.words().isEmpty()) {
        out.printf(Locale.ROOT, "first story %s \"%s\"; ", MINUTE.format(o.firstStory().publishedAt()),
            o.firstStory().title());
      }
      if (o.firstAlert() == null) {
        out.printf(Locale.ROOT, "no alert within %d h%n", MarketEvent.HORIZON.toHours());
      } else {
        out.printf(Locale.ROOT, "first alert %s in %s, %s later%n", MINUTE.format(o.firstAlert().firstFiredAt()),
            o.firstAlert().scope(), human(o.delay()));
      }
    }
  }

  private static String human(Duration d) {
    long minutes = d.toMinutes();
    return minutes < 60 ? minutes + " min" : String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
  }

  /** The report as one JSON-ready map. */
  public Map<String, Object> toJson(String fileName) {
    Backtest.Result r = result;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", fileName);
    m.put("model", r.model());
    m.put("items_read", r.read() - r.bad());
    m.put("bad_lines", r.bad());
    m.put("duplicates", r.duplicates());
    m.put("near_duplicates", r.nearDuplicates());
    m.put("items", r.fed());
    m.put("warm_up_items", r.warmUp());
    m.put("first_item_at", r.first() == null ? null : r.first().toString());
    m.put("last_item_at", r.last() == null ? null : r.last().toString());
    m.put("scored", r.scored());
    m.put("cached", r.cached());
    Map<String, Object> timings = new LinkedHashMap<>();
    timings.put("read", round(r.timings().read()));
    timings.put("stories", round(r.timings().stories()));
    timings.put("score", round(r.timings().score()));
    timings.put("alert", round(r.timings().alert()));
    timings.put("total", round(r.timings().total()));
    m.put("seconds", timings);
    List<Object> list = new ArrayList<>();
    for (AlertEpisode e : episodes) {
      Map<String, Object> ep = new LinkedHashMap<>();
      ep.put("id", e.id());
      ep.put("scope", e.scope());
      ep.put("severity", e.severity().name().toLowerCase(Locale.ROOT));
      ep.put("first_fired_at", e.firstFiredAt().toString());
      Alert p = e.peak();
      Map<String, Object> peak = new LinkedHashMap<>();
      peak.put("at", p.updatedAt().toString());
      peak.put("negative_stories", p.negativeStories());
      peak.put("expected_negative_stories", round(p.baselineNegativeStories()));
      peak.put("negative_share", round(p.negativeShare()));
      peak.put("baseline_negative_share", round(p.baselineNegativeShare()));
      peak.put("z_score", round(p.zScore()));
      peak.put("ratio", round(p.ratio()));
      ep.put("peak", peak);
      ep.put("resolved_at", e.resolvedAt() == null ? null : e.resolvedAt().toString());
      ep.put("revisions", e.revisions());
      List<Object> heads = new ArrayList<>();
      for (Headline h : e.headlines()) {
        Map<String, Object> hm = new LinkedHashMap<>();
        hm.put("title", h.title());
        hm.put("url", h.url());
        hm.put("source", h.source());
        hm.put("published_at", h.publishedAt().toString());
        hm.put("score", round(h.score()));
        heads.add(hm);
      }
      ep.put("headlines", heads);
      list.add(ep);
    }
    m.put("episodes", list);
    Map<String, Object> weekly = new LinkedHashMap<>();
    for (Map.Entry<String, Map<LocalDate, Integer>> e : perScopeWeek.entrySet()) {
      Map<String, Object> byWeek = new LinkedHashMap<>();
      e.getValue().forEach((w, n) -> byWeek.put(w.toString(), n));
      weekly.put(e.getKey(), byWeek);
    }
    m.put("episodes_per_scope_week", weekly);
    m.put("weeks", weeks.stream().map(LocalDate::toString).toList());
    m.put("week_span", round(weekSpan()));
    m.put("busiest_scope", busiestScope());
    m.put("busiest_scope_episodes_per_week", round(maxMeanPerScopeWeek()));
    m.put("max_episodes_scope_week", maxPerScopeWeek());
    List<Object> ev = new ArrayList<>();
    for (EventOutcome o : events) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("label", o.event().label());
      em.put("at", o.event().at().toString());
      em.put("scopes", o.event().scopes().text());
      em.put("words", o.event().words());
      em.put("first_story_at", o.firstStory() == null ? null : o.firstStory().publishedAt().toString());
      em.put("first_story", o.firstStory() == null ? null : o.firstStory().title());
      em.put("first_alert_at", o.firstAlert() == null ? null : o.firstAlert().firstFiredAt().toString());
      em.put("first_alert_scope", o.firstAlert() == null ? null : o.firstAlert().scope());
      em.put("delay_minutes", o.delay() == null ? null : o.delay().toSeconds() / 60.0);
      ev.add(em);
    }
    m.put("events", ev);
    return m;
  }

  private static Double round(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1000) / 1000.0;
  }
}
