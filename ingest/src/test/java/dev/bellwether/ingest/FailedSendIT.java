package dev.bellwether.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.bellwether.config.DedupConfig;
import dev.bellwether.config.FeedConfig;
import dev.bellwether.config.IngestConfig;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items whose write to {@code news.raw} failed are written by a later poll, even when the feed
 * then answers 304 Not Modified: here the topic is missing while the feed is first polled, so
 * every send fails, and is created afterwards.
 */
class FailedSendIT {

  private static final String RSS = """
      <?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0"><channel><title>Wire</title><link>http://wire.test/</link><description>d</description>
        <item><title>Initech recalls staplers</title><link>http://wire.test/a</link>
          <pubDate>Mon, 02 Nov 2026 09:00:00 GMT</pubDate></item>
        <item><title>Globex opens plant in Ohio</title><link>http://wire.test/b</link>
          <pubDate>Mon, 02 Nov 2026 09:01:00 GMT</pubDate></item>
      </channel></rss>
      """;

  @TempDir Path dataDir;

  @Test
  @Timeout(180)
  void itemsWhoseSendFailedAreSentByALaterPollThatIsAnswered304() throws Exception {
    AtomicInteger notModified = new AtomicInteger();
    HttpServer feed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    feed.createContext("/wire.rss", ex -> {
      ex.getResponseHeaders().set("ETag", "\"v1\"");
      if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        notModified.incrementAndGet();
        ex.sendResponseHeaders(304, -1);
      } else {
        byte[] body = RSS.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    feed.start();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      String url = "http://127.0.0.1:" + feed.getAddress().getPort() + "/wire.rss";
      IngestConfig config = new IngestConfig(
          List.of(new FeedConfig("wire", url, Duration.ofMillis(200), List.of(), false, true)), "Bellwether-IT/1",
          Duration.ofSeconds(2), 1_000_000, false)
          .withDedup(new DedupConfig(1_000, Duration.ofHours(48), 1_000, Duration.ofDays(1), false));
      Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers(),
          ProducerConfig.MAX_BLOCK_MS_CONFIG, 500);
      try (IngestService ingest = new IngestService(config, kafka, registry, Clock.systemUTC())) {
        ingest.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> sendErrors(registry) >= 2 && notModified.get() >= 1);

        TopicAdmin.ensureTopics(Map.of("bootstrap.servers", broker.bootstrapServers()), List.of(Topics.RAW), 1,
            (short) 1, Duration.ofSeconds(30));

        List<RawNewsItem> written = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
          TopicPartition p = new TopicPartition(Topics.RAW.name(), 0);
          consumer.assign(List.of(p));
          consumer.seekToBeginning(List.of(p));
          await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (var r : consumer.poll(Duration.ofMillis(200))) {
              written.add(Topics.RAW.valueSerde().codec().decode(r.value()));
            }
            assertThat(written).extracting(RawNewsItem::title)
                .containsExactlyInAnyOrder("Initech recalls staplers", "Globex opens plant in Ohio");
          });
        }
        assertThat(notModified.get()).as("the feed never listed the items again").isGreaterThanOrEqualTo(1);
      }
    } finally {
      feed.stop(0);
    }
  }

  private static double sendErrors(SimpleMeterRegistry registry) {
    Counter c = registry.find(IngestMetrics.SEND_ERRORS).counter();
    return c == null ? 0 : c.count();
  }
}
