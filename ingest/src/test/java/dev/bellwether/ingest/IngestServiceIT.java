package dev.bellwether.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import com.sun.net.httpserver.HttpServer;
import dev.bellwether.config.FeedConfig;
import dev.bellwether.config.IngestConfig;
import dev.bellwether.config.SimulatorConfig;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.embedded.NewswireSimulator;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.normalize.TextNormalizer;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import dev.bellwether.testing.CommittedReader;
import dev.bellwether.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestServiceIT {

  private static final Duration POLL = Duration.ofMillis(300);
  private static final String STATIC_RSS = """
      <?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0"><channel><title>Static</title><link>http://static.test/</link><description>d</description>
        <item><title>Hooli ($HOOL) opens lab</title><link>http://static.test/a?utm_source=rss</link>
          <pubDate>Mon, 02 Nov 2026 09:00:00 GMT</pubDate></item>
        <item><title>Soylent Foods (NYSE: SOYL) raises dividend</title><link>http://static.test/b#top</link>
          <pubDate>Mon, 02 Nov 2026 09:01:00 GMT</pubDate></item>
        <item><title>Oscorp names new CFO</title><link>http://STATIC.test:80/c</link>
          <pubDate>Mon, 02 Nov 2026 09:02:00 GMT</pubDate></item>
      </channel></rss>
      """;

  @TempDir static Path dataDir;
  private static EmbeddedKafkaBroker broker;
  private static HttpServer fixtures;
  private static final AtomicInteger STATIC_HITS = new AtomicInteger();
  private static final AtomicInteger BUSY_HITS = new AtomicInteger();

  @BeforeAll
  static void startBrokerAndFixtures() throws Exception {
    broker = EmbeddedKafkaBroker.start(dataDir, 0);
    TopicAdmin.ensureTopics(Map.of("bootstrap.servers", broker.bootstrapServers()),
        List.of(Topics.RAW, Topics.DEAD_LETTER), 3, (short) 1, Duration.ofSeconds(30));
    fixtures = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fixtures.createContext("/static.rss", ex -> respond(ex, 200, STATIC_RSS, STATIC_HITS));
    fixtures.createContext("/broken.rss", ex -> respond(ex, 200, "<rss version=\"2.0\"><channel><item><title>cut", null));
    fixtures.createContext("/busy.rss", ex -> {
      ex.getResponseHeaders().set("Retry-After", "120");
      respond(ex, 503, "busy", BUSY_HITS);
    });
    fixtures.start();
  }

  @AfterAll
  static void stop() {
    fixtures.stop(0);
    broker.close();
  }

  @Test
  void writesEveryWellFormedItemOnceWithItsPublicationTimeWhileBadFeedsFailAlone() throws Exception {
    Instant t0 = Instant.now().minusSeconds(60);
    MutableClock simClock = new MutableClock(t0);
    SimulatorConfig simConfig = new SimulatorConfig(true, 0, 11, Duration.ofMinutes(20), 12, "ACME",
        Duration.ZERO, Duration.ZERO, 0);
    String fixtureBase = "http://127.0.0.1:" + fixtures.getAddress().getPort();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (NewswireSimulator simulator = NewswireSimulator.start(simConfig, simClock)) {
      List<FeedConfig> feeds = new ArrayList<>();
      for (FeedConfig f : simulator.feeds()) {
        feeds.add(new FeedConfig(f.name(), f.url(), POLL, f.tickers()));
      }
      feeds.add(new FeedConfig("static", fixtureBase + "/static.rss", POLL, List.of()));
      feeds.add(new FeedConfig("broken", fixtureBase + "/broken.rss", POLL, List.of()));
      feeds.add(new FeedConfig("busy", fixtureBase + "/busy.rss", POLL, List.of()));
      IngestConfig config = new IngestConfig(feeds, "Bellwether-IT/1", Duration.ofSeconds(2), 5_000_000, true);
      Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());

      IngestService ingest = new IngestService(config, kafka, registry, Clock.systemUTC());
      try {
        ingest.start();
        Map<String, Listed> expected = new HashMap<>(listed(simulator));
        expected.put("http://static.test/a", new Listed(Instant.parse("2026-11-02T09:00:00Z"), text("Hooli ($HOOL) opens lab", "")));
        expected.put("http://static.test/b", new Listed(Instant.parse("2026-11-02T09:01:00Z"),
            text("Soylent Foods (NYSE: SOYL) raises dividend", "")));
        expected.put("http://static.test/c", new Listed(Instant.parse("2026-11-02T09:02:00Z"), text("Oscorp names new CFO", "")));
        // The simulator repeats some headlines word for word: one item per distinct text is sent.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          assertThat(STATIC_HITS.get()).isGreaterThanOrEqualTo(3);
          assertThat(sent(registry)).isEqualTo(distinctTexts(expected));
        });

        simClock.advance(Duration.ofMinutes(1));
        expected.putAll(listed(simulator));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(sent(registry)).isEqualTo(distinctTexts(expected)));
        int staticHits = STATIC_HITS.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> STATIC_HITS.get() >= staticHits + 2);

        List<ConsumerRecord<String, byte[]>> records =
            CommittedReader.readToEnd(broker.bootstrapServers(), Topics.RAW.name());
        assertThat(records).hasSize(distinctTexts(expected));
        Map<String, RawNewsItem> byUrl = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
          RawNewsItem item = Topics.RAW.valueSerde().codec().decode(record.value());
          assertThat(byUrl.put(item.url(), item)).as("sent twice: %s", item.url()).isNull();
          assertThat(record.key()).isEqualTo(item.storyId());
          // The broker stamps records when it appends them; publication time is in the payload.
          assertThat(record.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
          assertThat(expected).as("not listed by any feed: %s", item.url()).containsKey(item.url());
          assertThat(item.publishedAt()).as(item.url()).isEqualTo(expected.get(item.url()).publishedAt());
        }
        assertThat(byUrl.values().stream().map(i -> text(i.title(), i.summary())).distinct())
            .containsExactlyInAnyOrderElementsOf(expected.values().stream().map(Listed::text).distinct().toList());
        Map<String, RawNewsItem> byId = new HashMap<>();
        byUrl.values().forEach(i -> byId.put(i.id(), i));
        assertThat(byUrl.values()).filteredOn(i -> !i.novel()).allSatisfy(copy -> {
          RawNewsItem first = byId.get(copy.storyId());
          assertThat(first).as("first item of the story of %s", copy.url()).isNotNull();
          assertThat(first.novel()).isTrue();
          assertThat(first.publishedAt()).isBeforeOrEqualTo(copy.publishedAt());
        });
        assertThat(byUrl.get("http://static.test/a").entities()).containsExactly("HOOL");
        assertThat(byUrl.get("http://static.test/b").entities()).containsExactly("SOYL");
        assertThat(byUrl.values()).filteredOn(i -> i.source().startsWith("simulator-"))
            .allSatisfy(i -> assertThat(i.fetchedAt()).isNotNull());

        // Each word-for-word repeat is counted once as a duplicate; a feed listing its items again on
        // the next poll is not news repeated and adds nothing.
        assertThat(count(registry, IngestMetrics.ITEMS, "outcome", "duplicate"))
            .isEqualTo((double) (expected.size() - distinctTexts(expected)));
        assertThat(count(registry, IngestMetrics.POLLS, "feed", "broken", "outcome", "error")).isGreaterThanOrEqualTo(1);
        assertThat(count(registry, IngestMetrics.FETCH_ERRORS, "kind", "malformed")).isGreaterThanOrEqualTo(1);
        assertThat(count(registry, IngestMetrics.DEAD_LETTERS, "stage", "ingest")).isEqualTo(1);
        assertThat(count(registry, IngestMetrics.FETCH_ERRORS, "kind", "http_5xx")).isEqualTo(1);
        assertThat(BUSY_HITS).as("Retry-After: 120 honoured").hasValue(1);
        assertThat(registry.find(IngestMetrics.FETCH_LATENCY).tag("feed", "static").timer().count()).isGreaterThan(2);
      } finally {
        ingest.close();
        ingest.close();
      }
    }
  }

  /**
   * What a feed listed for one link: its publication time and its normalised text.
   *
   * @param publishedAt publication time
   * @param text lower-cased plain title and summary
   */
  private record Listed(Instant publishedAt, String text) {}

  /** Link -> publication time and text of every item the simulator serves now, read independently of ingest. */
  private static Map<String, Listed> listed(NewswireSimulator simulator) throws Exception {
    Map<String, Listed> out = new HashMap<>();
    HttpClient http = HttpClient.newHttpClient();
    for (FeedConfig feed : simulator.feeds()) {
      byte[] body = http.send(HttpRequest.newBuilder(URI.create(feed.url())).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body();
      for (SyndEntry e : new SyndFeedInput().build(new XmlReader(new ByteArrayInputStream(body))).getEntries()) {
        String summary = e.getDescription() != null ? e.getDescription().getValue()
            : e.getContents().isEmpty() ? "" : e.getContents().get(0).getValue();
        out.put(e.getLink(), new Listed(e.getPublishedDate().toInstant(), text(e.getTitle(), summary)));
      }
    }
    return out;
  }

  private static String text(String title, String summary) {
    return (TextNormalizer.plain(title, 500) + "\n" + TextNormalizer.plain(summary, 4000)).toLowerCase(java.util.Locale.ROOT);
  }

  private static int distinctTexts(Map<String, Listed> expected) {
    return (int) expected.values().stream().map(Listed::text).distinct().count();
  }

  /** Items sent to news.raw: new stories and near-duplicates. */
  private static int sent(SimpleMeterRegistry registry) {
    return (int) (count(registry, IngestMetrics.ITEMS, "outcome", "new")
        + count(registry, IngestMetrics.ITEMS, "outcome", "near_duplicate"));
  }

  private static double count(SimpleMeterRegistry registry, String name, String... tags) {
    io.micrometer.core.instrument.Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String body, AtomicInteger hits)
      throws java.io.IOException {
    if (hits != null) {
      hits.incrementAndGet();
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
