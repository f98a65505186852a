package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import dev.bellwether.testing.CommittedReader;
import io.micrometer.core.instrument.Counter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops while items are being scored and comes back on the same port and log
 * directory: the pipeline, the producer and the readers reconnect on their own, and every item is
 * scored exactly once.
 */
@Tag("slow") // a fault or soak test: mvn verify -Pslow runs it, plain mvn verify does not
class BrokerRestartIT {

  private static final int ITEMS = 3_000;

  @TempDir Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void pipelineResumesAfterTheBrokerRestartsMidRunAndScoresEveryItemOnce() throws Exception {
    Path logs = dir.resolve("broker");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logs, 0);
    int port = Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1));
    try {
      TopicAdmin.ensureTopics(Map.of("bootstrap.servers", broker.bootstrapServers()), Topics.all(), 2, (short) 1,
          Duration.ofSeconds(60));
      RawFeed.awaitLeaders(broker.bootstrapServers());
      BellwetherConfig config = new ConfigLoader().load(null, Map.of(
          "BELLWETHER_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
          "BELLWETHER_DATA_DIR", dir.resolve("state").toString(),
          "BELLWETHER_METRICS_ENABLED", "false"));
      try (Pipeline pipeline = Pipeline.start(config, EnumSet.of(Component.CLASSIFIER, Component.ALERTS),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC());
          RawFeed feed = new RawFeed(broker.bootstrapServers(), Instant.now().minus(Duration.ofHours(2)),
              Duration.ofSeconds(2));
          CommittedReader scored = new CommittedReader(broker.bootstrapServers(), Topics.SCORED.name())) {
        feed.send(0, ITEMS / 2);
        feed.flush();
        await("scoring under way").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
            .until(() -> scored.poll() >= 200);
        int beforeStop = scored.poll();

        broker.close();
        broker = EmbeddedKafkaBroker.start(logs, port);
        // Sent once the broker is back: a send while it is down may block on metadata for max.block.ms.
        feed.send(ITEMS / 2, ITEMS);
        feed.flush();

        await("every item scored after the broker restart").atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> scored.poll() >= ITEMS);
        Map<String, Integer> perId = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : scored.records()) {
          ScoredNewsItem item = Topics.SCORED.valueSerde().codec().decode(r.value());
          perId.merge(item.item().id(), 1, Integer::sum);
        }
        List<String> missing = RawFeed.ids(0, ITEMS).stream().filter(id -> !perId.containsKey(id)).toList();
        long duplicates = perId.values().stream().filter(n -> n > 1).count();
        double replaced = pipeline.registry().find(StreamsApp.THREADS_REPLACED).counters().stream()
            .mapToDouble(Counter::count).sum();
        System.out.printf("BrokerRestartIT: items=%d scoredBeforeStop=%d scoredRecords=%d missing=%d duplicates=%d"
            + " streamThreadsReplaced=%.0f%n", ITEMS, beforeStop, scored.records().size(), missing.size(), duplicates,
            replaced);
        assertThat(beforeStop).as("the broker stopped mid-run").isLessThan(ITEMS / 2);
        assertThat(missing).isEmpty();
        assertThat(duplicates).isZero();
        await("pipeline healthy again").atMost(Duration.ofMinutes(1)).until(() -> pipeline.health().ready());
      }
    } finally {
      broker.close();
    }
  }
}
