package dev.bellwether.ops.replay;

import dev.bellwether.Progress;
import dev.bellwether.alerts.AlertEngine;
import dev.bellwether.alerts.OfflineAlerting;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.WindowStats;
import dev.bellwether.kafka.Decoded;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import dev.bellwether.ops.topics.TimeOrderedRead;
import dev.bellwether.ops.topics.TopicRange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A dry run of alerting over a time range of a scored topic: the live alerting engine, unchanged,
 * run in memory ({@link OfflineAlerting}), fed the range's records in publication-time order as
 * they are read ({@link TimeOrderedRead}); the alerts it raises are written to a replay topic.
 * Its windows and state exist only inside this process, so a dry run cannot reach the notifier or
 * any live topic, needs no application id, and leaves nothing behind.
 *
 * <p>Records before {@code reportFrom} are a warm-up: they teach the baselines but the alerts of
 * windows ending by then are dropped. At the end, the windows that end by the range's end (or, for
 * an open range, every window of the last record) are closed and evaluated, rather than left open
 * as the live stage leaves them until later news.
 */
public final class AlertReplay {

  private static final JsonCodec<ScoredNewsItem> SCORED = Topics.SCORED.valueSerde().codec();
  private static final JsonCodec<Alert> ALERT = Topics.ALERTS.valueSerde().codec();

  /**
   * What a dry run did.
   *
   * @param output the replay topic written
   * @param items scored records fed to the alerting after the warm-up
   * @param warmupItems scored records fed as warm-up, before the reported range
   * @param alerts alert revisions raised in the reported range, in order
   */
  public record Result(String output, long items, long warmupItems, List<Alert> alerts) {}

  private AlertReplay() {}

  /**
   * Runs alerting over {@code source} and writes the alerts of windows ending after
   * {@code reportFrom} to {@code output}, which must exist.
   */
  public static Result run(Map<String, Object> clientConfig, TopicRange source, Instant reportFrom, String output,
      AlertsConfig config, Progress progress) {
    Map<String, Object> producerConfig = new HashMap<>(clientConfig);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    long from = reportFrom.equals(Instant.MIN) ? Long.MIN_VALUE : reportFrom.toEpochMilli();
    List<Alert> alerts = new ArrayList<>();
    long[] counts = new long[2];
    long[] last = {Long.MIN_VALUE};
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
      OfflineAlerting alerting = new OfflineAlerting(config, new SimpleMeterRegistry(), new AlertEngine.Sink() {
        @Override
        public void window(String scope, WindowStats stats) {}

        @Override
        public void alert(Alert alert) {
          if (alert.windowEnd().toEpochMilli() > from) {
            producer.send(new ProducerRecord<>(output, alert.id(), ALERT.encode(alert)));
            alerts.add(alert);
          }
        }

        @Override
        public void late(String scope, ScoredNewsItem item) {}
      });
      TimeOrderedRead.read(source, clientConfig, r -> {
        Decoded<ScoredNewsItem> scored = Decoded.of(SCORED, r.value());
        if (!scored.ok()) {
          return;
        }
        long at = scored.value().item().publishedAt().toEpochMilli();
        counts[at < from ? 1 : 0]++;
        last[0] = Math.max(last[0], at);
        alerting.accept(scored.value());
      }, progress);
      if (last[0] != Long.MIN_VALUE) {
        long lastWindowEnd = last[0] + config.window().size().toMillis();
        long closeThrough = source.range().to().equals(Instant.MAX)
            ? lastWindowEnd : Math.min(lastWindowEnd, source.range().to().toEpochMilli());
        alerting.closeThrough(Instant.ofEpochMilli(closeThrough));
      }
      producer.flush();
    }
    return new Result(output, counts[0], counts[1], alerts);
  }
}
