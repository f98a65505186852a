package dev.bellwether.console;

import dev.bellwether.event.Alert;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.WindowStats;
import dev.bellwether.kafka.InvalidRecordException;
import dev.bellwether.kafka.Ticks;
import dev.bellwether.kafka.TopicSpec;
import dev.bellwether.kafka.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's reader: one consumer of {@code news.scored}, {@code alerts},
 * {@code sentiment.windows} and {@code feedback} (committed records only, no consumer group, no
 * commits: every console reads for itself), which starts a bounded tail back from the end of each
 * partition and then follows, putting what it reads into the {@link ConsoleState} and out on the
 * {@link EventStream}.
 */
final class ConsoleFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleFeed.class);
  private static final List<TopicSpec<?>> TOPICS = List.of(Topics.SCORED, Topics.ALERTS, Topics.WINDOWS, Topics.FEEDBACK);

  private final KafkaConsumer<String, byte[]> consumer;
  private final ConsoleState state;
  private final EventStream events;
  private final FeedbackLog deadLetters;
  private final Clock clock;
  private final Thread thread;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private volatile boolean closed;

  private ConsoleFeed(Map<String, Object> kafkaClientConfig, ConsoleState state, EventStream events,
      FeedbackLog deadLetters, Clock clock) {
    Map<String, Object> props = new HashMap<>(kafkaClientConfig);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bellwether-console");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.state = state;
    this.events = events;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.thread = new Thread(this::run, "bellwether-console-feed");
    this.thread.setDaemon(true);
  }

  /** Seeks {@code tailRecords} back on every partition and starts following. */
  static ConsoleFeed start(Map<String, Object> kafkaClientConfig, int tailRecords, ConsoleState state,
      EventStream events, FeedbackLog deadLetters, Clock clock) {
    ConsoleFeed feed = new ConsoleFeed(kafkaClientConfig, state, events, deadLetters, clock);
    feed.seekToTail(tailRecords);
    feed.thread.start();
    return feed;
  }

  private void seekToTail(int tailRecords) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (TopicSpec<?> topic : TOPICS) {
      for (PartitionInfo p : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(p.topic(), p.partition()));
      }
    }
    consumer.assign(partitions);
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    for (TopicPartition tp : partitions) {
      consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - tailRecords));
    }
  }

  /** Waits until a poll comes back empty, that is until the tail has been read, so the first page is full. */
  boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      while (!closed) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, byte[]> r : records) {
          apply(r);
        }
        if (records.isEmpty()) {
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      if (!closed) {
        LOG.error("Console feed woken up unexpectedly; the console stops updating", e);
      }
    } catch (RuntimeException e) {
      LOG.error("Console feed stopped: the console no longer updates until Bellwether restarts", e);
    } finally {
      caughtUp.countDown();
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /**
   * Shows one record; ticks, and the items, windows and alerts of imported history (any timeline
   * but the live one), are not what is happening now and are left out.
   */
  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null || Ticks.isTick(r.headers())) {
      return;
    }
    try {
      switch (r.topic()) {
        case "news.scored":
          ScoredNewsItem item = Topics.SCORED.valueSerde().codec().decode(r.value());
          if (item.item().live()) {
            events.publish("item", state.add(item));
          }
          break;
        case "alerts":
          Alert alert = Topics.ALERTS.valueSerde().codec().decode(r.value());
          if (alert.live()) {
            state.add(alert).ifPresent(card -> events.publish("alert", card));
          }
          break;
        case "sentiment.windows":
          WindowStats window = Topics.WINDOWS.valueSerde().codec().decode(r.value());
          if (window.live()) {
            state.add(window).ifPresent(point -> events.publish("window", point));
          }
          break;
        case "feedback":
          Feedback feedback = Topics.FEEDBACK.valueSerde().codec().decode(r.value());
          Optional<Object> changed = state.apply(feedback);
          changed.ifPresent(view -> events.publish(view instanceof ConsoleView.Item ? "item" : "alert", view));
          break;
        default:
          break;
      }
    } catch (InvalidRecordException e) {
      LOG.warn("Console skipped unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      deadLetters.deadLetter(DeadLetter.of(FeedbackLog.STAGE, r.topic(), r.partition(), r.offset(), r.key(),
          e.getMessage(), r.value(), clock.instant()));
    }
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
