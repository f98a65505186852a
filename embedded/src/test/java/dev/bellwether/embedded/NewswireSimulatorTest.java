package dev.bellwether.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import dev.bellwether.config.FeedConfig;
import dev.bellwether.config.SimulatorConfig;
import dev.bellwether.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NewswireSimulatorTest {

  private static final Instant T0 = Instant.parse("2026-11-02T14:00:00Z");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static SimulatorConfig config(long seed) {
    return new SimulatorConfig(true, 0, seed, Duration.ofHours(3), 12, "ACME",
        Duration.ofMinutes(10), Duration.ofMinutes(5), 30);
  }

  @Test
  void servesTheConfiguredHistoryAtStartInBothFeeds() throws Exception {
    SimulatorConfig config = config(42);
    try (NewswireSimulator sim = NewswireSimulator.start(config, new MutableClock(T0))) {
      List<SyndEntry> entries = allEntries(sim);
      long expected = config.history().toMinutes() * (long) config.itemsPerMinute();
      assertThat(entries).hasSizeBetween((int) expected - 1, (int) expected + 1);
      assertThat(entries).allSatisfy(e -> assertThat(e.getPublishedDate().toInstant())
          .isBetween(T0.minus(config.history()), T0));
      assertThat(entries).extracting(SyndEntry::getTitle).allSatisfy(t -> assertThat(t).isNotBlank());
      assertThat(sim.feeds()).extracting(FeedConfig::url)
          .allSatisfy(url -> assertThat(url).startsWith(sim.baseUri().toString()));
      // Each feed lifts the private-address refusal for its own loopback URL only, never for article pages.
      assertThat(sim.feeds()).allSatisfy(f -> {
        assertThat(f.allowPrivateAddress()).isTrue();
        assertThat(f.fetchArticles()).isFalse();
      });
      assertThat(fetch(sim.feeds().get(0).url()).body()).contains("<category domain=\"ticker\">");
    }
  }

  @Test
  void publishesNewItemsAsTheClockAdvances() throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (NewswireSimulator sim = NewswireSimulator.start(config(42), clock)) {
      Duration step = Duration.ofMinutes(2);
      Instant stillInWindow = T0.minus(Duration.ofHours(3)).plus(step);
      Set<String> before = links(allEntries(sim).stream()
          .filter(e -> e.getPublishedDate().toInstant().isAfter(stillInWindow))
          .toList());
      clock.advance(step);
      List<SyndEntry> after = allEntries(sim);
      assertThat(links(after)).containsAll(before);
      List<SyndEntry> fresh = after.stream().filter(e -> e.getPublishedDate().toInstant().isAfter(T0)).toList();
      assertThat(fresh).hasSizeBetween(23, 25);
    }
  }

  @Test
  void burstsNegativeDistinctStoriesAboutTheBurstCompanyOnlyInsideTheBurstWindow() throws Exception {
    SimulatorConfig config = config(7);
    MutableClock clock = new MutableClock(T0);
    try (NewswireSimulator sim = NewswireSimulator.start(config, clock)) {
      clock.advance(config.burstStartsAfter().minusSeconds(1));
      int acmeBefore = aboutTicker(allEntries(sim), "ACME").size();

      clock.advance(config.burstDuration().plusMinutes(1));
      Instant burstStart = T0.plus(config.burstStartsAfter());
      Instant burstEnd = burstStart.plus(config.burstDuration());
      List<SyndEntry> acme = aboutTicker(allEntries(sim), "ACME");
      List<SyndEntry> inBurst = acme.stream()
          .filter(e -> !e.getPublishedDate().toInstant().isBefore(burstStart)
              && e.getPublishedDate().toInstant().isBefore(burstEnd))
          .toList();
      long burstItems = config.burstDuration().toMinutes() * (long) config.burstItemsPerMinute();
      assertThat(inBurst.size()).isGreaterThanOrEqualTo((int) burstItems);
      assertThat(acme.size() - acmeBefore).isLessThan((int) burstItems + 15);
      assertThat(inBurst).extracting(SyndEntry::getTitle).allSatisfy(t -> assertThat(t).contains("Acme Corp"));
      Set<String> distinctTitles = inBurst.stream().map(SyndEntry::getTitle).collect(Collectors.toSet());
      assertThat(distinctTitles.size()).isGreaterThan(inBurst.size() * 9 / 10);
      List<SyndEntry> afterBurst = acme.stream().filter(e -> !e.getPublishedDate().toInstant().isBefore(burstEnd)).toList();
      assertThat(afterBurst.size()).isLessThan(5);
    }
  }

  @Test
  void sameSeedGivesTheSameItemsForTheSameTimesEvenAfterARestart() throws Exception {
    MutableClock later = new MutableClock(T0.plus(Duration.ofMinutes(30)));
    Set<String> first;
    Set<String> otherSeed;
    try (NewswireSimulator sim = NewswireSimulator.start(config(42), new MutableClock(T0))) {
      first = titlesAndLinks(allEntries(sim));
    }
    try (NewswireSimulator restarted = NewswireSimulator.start(config(42), later)) {
      Set<String> again = titlesAndLinks(allEntries(restarted));
      Set<String> restartedRelative = new HashSet<>();
      for (String s : again) {
        restartedRelative.add(s.replace(restarted.baseUri().toString(), "/"));
      }
      Set<String> firstRelative = new HashSet<>();
      for (String s : first) {
        firstRelative.add(s.replaceAll("http://127\\.0\\.0\\.1:\\d+/", "/"));
      }
      Set<String> overlap = new HashSet<>(firstRelative);
      overlap.retainAll(restartedRelative);
      assertThat(overlap.size()).isGreaterThan(firstRelative.size() * 8 / 10);
    }
    try (NewswireSimulator sim = NewswireSimulator.start(config(43), new MutableClock(T0))) {
      otherSeed = titlesAndLinks(allEntries(sim));
    }
    assertThat(otherSeed).doesNotContainAnyElementsOf(first);
  }

  @Test
  void servesAnArticlePageForEveryLinkAndAnswersConditionalRequests() throws Exception {
    try (NewswireSimulator sim = NewswireSimulator.start(config(42), new MutableClock(T0))) {
      SyndEntry entry = allEntries(sim).get(0);
      HttpResponse<String> page = fetch(entry.getLink());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains(FeedWriter.escape(entry.getTitle()));
      assertThat(fetch(sim.baseUri().resolve("/news/n1-00000000").toString()).statusCode()).isEqualTo(404);

      String url = sim.feeds().get(1).url();
      HttpResponse<String> full = fetch(url);
      String etag = full.headers().firstValue("ETag").orElseThrow();
      HttpResponse<String> again = HTTP.send(
          HttpRequest.newBuilder(URI.create(url)).header("If-None-Match", etag).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).isEqualTo(304);
    }
  }

  private static List<SyndEntry> allEntries(NewswireSimulator sim) throws Exception {
    List<SyndEntry> all = new ArrayList<>();
    for (FeedConfig feed : sim.feeds()) {
      HttpResponse<byte[]> response = HTTP.send(
          HttpRequest.newBuilder(URI.create(feed.url())).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).isEqualTo(200);
      SyndFeed parsed = new SyndFeedInput().build(new XmlReader(new ByteArrayInputStream(response.body())));
      all.addAll(parsed.getEntries());
    }
    return all;
  }

  private static HttpResponse<String> fetch(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<SyndEntry> aboutTicker(List<SyndEntry> entries, String ticker) {
    return entries.stream()
        .filter(e -> e.getCategories().stream()
            .anyMatch(c -> "ticker".equals(c.getTaxonomyUri()) && ticker.equals(categoryValue(c))))
        .toList();
  }

  private static String categoryValue(SyndCategory c) {
    return c.getName();
  }

  private static Set<String> links(List<SyndEntry> entries) {
    return entries.stream().map(SyndEntry::getLink).collect(Collectors.toSet());
  }

  private static Set<String> titlesAndLinks(List<SyndEntry> entries) {
    return entries.stream().map(e -> e.getTitle() + " @ " + e.getLink()).collect(Collectors.toSet());
  }
}
