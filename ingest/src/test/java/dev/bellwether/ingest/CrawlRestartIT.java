package dev.bellwether.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bellwether.config.FeedConfig;
import dev.bellwether.config.IngestConfig;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import dev.bellwether.testing.CommittedReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, must-show 1: feeds shaped like real ones (RSS 2.0, Atom, RDF) next to a malformed, a
 * hanging, a 304-answering and a 503-with-Retry-After feed, polled twice, the ingester restarted and
 * polled again: every well-formed item is in {@code news.raw} exactly once.
 */
class CrawlRestartIT {

  private static final Duration POLL = Duration.ofMillis(300);
  private static final String ETAG = "\"notices-v1\"";
  private static final String ADDED_ITEM = """
      <item>
        <title>Board approves new discount rate for primary credit</title>
        <link>https://www.central-bank.test/newsevents/pressreleases/monetary20261129a.htm</link>
        <description>The Board approved a change to the primary credit rate.</description>
        <pubDate>Sun, 29 Nov 2026 18:00:00 GMT</pubDate>
      </item>
      """;

  @TempDir static Path dataDir;
  private static EmbeddedKafkaBroker broker;
  private static HttpServer fixtures;
  private static ExecutorService handlers;
  private static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);
  private static final AtomicReference<String> CENTRAL_BANK = new AtomicReference<>();
  private static final Map<String, AtomicInteger> HITS = new HashMap<>();
  private static final AtomicInteger NOT_MODIFIED = new AtomicInteger();
  private static final List<Long> WIRE_HIT_NANOS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startBrokerAndFixtures() throws Exception {
    broker = EmbeddedKafkaBroker.start(dataDir, 0);
    TopicAdmin.ensureTopics(Map.of("bootstrap.servers", broker.bootstrapServers()),
        List.of(Topics.RAW, Topics.DEAD_LETTER), 3, (short) 1, Duration.ofSeconds(30));
    CENTRAL_BANK.set(fixture("central-bank-press.rss"));
    String atom = fixture("regulator-news.atom");
    String rdf = fixture("settlements-speeches.rdf");
    String notices = fixture("exchange-notices.rss");
    String wire = fixture("wire-releases.rss");
    fixtures = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // One thread per exchange: the hanging feed must not hold up the fixture server either.
    handlers = Executors.newCachedThreadPool();
    fixtures.setExecutor(handlers);
    fixtures.createContext("/cb.rss", ex -> respond(ex, "cb", 200, CENTRAL_BANK.get()));
    fixtures.createContext("/regulator.atom", ex -> respond(ex, "regulator", 200, atom));
    fixtures.createContext("/speeches.rdf", ex -> respond(ex, "speeches", 200, rdf));
    fixtures.createContext("/broken.rss", ex -> respond(ex, "broken", 200, "<rss version=\"2.0\"><channel><item><title>cut"));
    fixtures.createContext("/slow.rss", ex -> {
      hit("slow");
      try {
        RELEASE_SLOW.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      send(ex, 200, fixture("wire-releases.rss").replace("Hooli", "Slowco"));
    });
    fixtures.createContext("/notices.rss", ex -> {
      ex.getResponseHeaders().set("ETag", ETAG);
      if (ETAG.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        NOT_MODIFIED.incrementAndGet();
        respond(ex, "notices", 304, null);
      } else {
        respond(ex, "notices", 200, notices);
      }
    });
    fixtures.createContext("/wire.rss", ex -> {
      WIRE_HIT_NANOS.add(System.nanoTime());
      if (hit("wire") == 1) {
        ex.getResponseHeaders().set("Retry-After", "1");
        send(ex, 503, "busy");
      } else {
        send(ex, 200, wire);
      }
    });
    fixtures.start();
  }

  @AfterAll
  static void stop() {
    RELEASE_SLOW.countDown();
    fixtures.stop(0);
    handlers.shutdownNow();
    broker.close();
  }

  @Test
  void sendsEveryWellFormedItemExactlyOnceAcrossTwoPollsAndARestart() throws Exception {
    String base = "http://127.0.0.1:" + fixtures.getAddress().getPort();
    List<FeedConfig> feeds = List.of(
        new FeedConfig("central-bank", base + "/cb.rss", POLL, List.of()),
        new FeedConfig("regulator", base + "/regulator.atom", POLL, List.of()),
        new FeedConfig("speeches", base + "/speeches.rdf", POLL, List.of()),
        new FeedConfig("broken", base + "/broken.rss", POLL, List.of()),
        new FeedConfig("slow", base + "/slow.rss", POLL, List.of()),
        new FeedConfig("notices", base + "/notices.rss", POLL, List.of()),
        new FeedConfig("wire", base + "/wire.rss", POLL, List.of()));
    IngestConfig config = new IngestConfig(feeds, "Bellwether-IT/1", Duration.ofSeconds(1), 1_000_000, true);
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    List<String> firstTitles = titles("central-bank-press.rss", "regulator-news.atom", "settlements-speeches.rdf",
        "exchange-notices.rss", "wire-releases.rss");
    List<RawNewsItem> raw = new ArrayList<>();

    SimpleMeterRegistry first = new SimpleMeterRegistry();
    try (IngestService ingest = new IngestService(config, kafka, first, Clock.systemUTC())) {
      ingest.start();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        readRaw(raw);
        assertThat(raw).extracting(RawNewsItem::title).containsExactlyInAnyOrderElementsOf(firstTitles);
        assertThat(NOT_MODIFIED).as("second poll of the ETag feed answered 304").hasPositiveValue();
        for (String feed : List.of("cb", "regulator", "speeches", "wire")) {
          assertThat(hits(feed)).as("polls of %s", feed).isGreaterThanOrEqualTo(2);
        }
      });
      assertThat(RELEASE_SLOW.getCount()).as("the hanging feed is still hanging: it delayed nobody").isOne();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(count(first, IngestMetrics.FETCH_ERRORS, "kind", "timeout")).isPositive());
      assertThat(count(first, IngestMetrics.MALFORMED_FEEDS, "feed", "broken")).isPositive();
      assertThat(count(first, IngestMetrics.DEAD_LETTERS, "stage", "ingest")).isEqualTo(1);
      assertThat(WIRE_HIT_NANOS.get(1) - WIRE_HIT_NANOS.get(0)).as("Retry-After: 1 honoured")
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
    }

    CENTRAL_BANK.set(CENTRAL_BANK.get().replace("  </channel>", ADDED_ITEM + "  </channel>"));
    int notModifiedBefore = NOT_MODIFIED.get();
    int cbBefore = hits("cb");
    SimpleMeterRegistry second = new SimpleMeterRegistry();
    try (IngestService ingest = new IngestService(config, kafka, second, Clock.systemUTC())) {
      ingest.start();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        readRaw(raw);
        assertThat(raw).extracting(RawNewsItem::title).contains("Board approves new discount rate for primary credit");
        assertThat(hits("cb")).isGreaterThanOrEqualTo(cbBefore + 2);
        assertThat(NOT_MODIFIED.get()).as("the restarted ingester polled the ETag feed twice").isGreaterThan(notModifiedBefore);
      });
      // The restarted ingester had no validators: every feed answered in full, and each old item was a repeat.
      assertThat(count(second, IngestMetrics.ITEMS, "outcome", "duplicate")).isEqualTo(firstTitles.size());
    }
    readRaw(raw);
    List<String> all = new ArrayList<>(firstTitles);
    all.add("Board approves new discount rate for primary credit");
    assertThat(raw).extracting(RawNewsItem::title).containsExactlyInAnyOrderElementsOf(all);
    assertThat(raw).extracting(RawNewsItem::title).doesNotHaveDuplicates();
  }

  /** Puts every item of news.raw into {@code out}, in place of what it held; re-reads the topic from the start. */
  private static void readRaw(List<RawNewsItem> out) {
    out.clear();
    try {
      for (ConsumerRecord<String, byte[]> record : CommittedReader.readToEnd(broker.bootstrapServers(), Topics.RAW.name())) {
        RawNewsItem item = Topics.RAW.valueSerde().codec().decode(record.value());
        assertThat(record.key()).isEqualTo(item.storyId());
        out.add(item);
      }
    } catch (dev.bellwether.kafka.InvalidRecordException e) {
      throw new AssertionError("unreadable record in news.raw", e);
    }
  }

  private static List<String> titles(String... files) throws Exception {
    List<String> titles = new ArrayList<>();
    for (String file : files) {
      byte[] body = fixture(file).getBytes(StandardCharsets.UTF_8);
      for (SyndEntry e : new SyndFeedInput().build(new XmlReader(new ByteArrayInputStream(body))).getEntries()) {
        titles.add(e.getTitle().strip());
      }
    }
    return titles;
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = CrawlRestartIT.class.getResourceAsStream("/feeds/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static synchronized int hit(String feed) {
    return HITS.computeIfAbsent(feed, k -> new AtomicInteger()).incrementAndGet();
  }

  private static synchronized int hits(String feed) {
    return HITS.computeIfAbsent(feed, k -> new AtomicInteger()).get();
  }

  private static double count(SimpleMeterRegistry registry, String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private static void respond(HttpExchange ex, String feed, int status, String body) throws IOException {
    hit(feed);
    send(ex, status, body);
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
      ex.close();
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
