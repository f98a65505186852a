package dev.bellwether.alerts.notify;

import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Delivery;
import dev.bellwether.event.Silence;
import dev.bellwether.kafka.CompactedTopic;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier: a plain Kafka consumer of the alerts topic on its own thread, never on a stream
 * thread. {@link Triage} decides what to announce, what is silenced, who gets it and how it is
 * grouped; {@link Dispatcher} delivers each message on its receiver's own thread, so a slow
 * receiver holds up neither the consumer nor the other receivers.
 *
 * <p>Exactly once to the outside world, as far as it goes: at start-up it reads the deliveries
 * topic, so nothing a receiver already has is sent again, whatever offsets the consumer group
 * starts from; it commits an alerts-topic offset only once every delivery it led to is over, so
 * announcements still waiting in a group or in flight at a stop are read again and sent by the
 * next notifier. It reads committed records only, so alerts of aborted Streams transactions are
 * never announced. Silences are read from the silences topic as they are written.
 *
 * <p>Several notifiers in one consumer group share the alerts topic's partitions (cooperative
 * rebalancing, so only partitions that move change hands). Each keeps reading the deliveries
 * topic, hands a partition over only once it has taken back what it had not sent of it and
 * finished what was on the wire ({@link Rebalance}), and reads the deliveries topic to its end
 * before it takes a partition over; so a rebalance in the middle of a group sends nothing twice.
 * What is left is at least once: a notifier killed, or a delivery still unanswered
 * {@link #REVOKE_WAIT} after its partition was revoked, may be sent again by the next owner, with
 * the same idempotency key.
 *
 * <p>An unexpected error in the loop is logged, counted in {@code bellwether.notifier.errors},
 * and the loop goes on after a pause; while errors repeat {@link #state()} is {@code FAILING}.
 */
public final class Notifier implements AutoCloseable {

  /** Where the notifier is in its life, for health checks. */
  public enum State {
    /** Reading its state topics, not yet consuming alerts. */
    STARTING,
    /** Consuming alerts. */
    RUNNING,
    /** The last {@value #FAILING_AFTER} loop iterations failed; it keeps trying. */
    FAILING,
    /** Closed, or its thread ended. */
    STOPPED
  }

  /** Consecutive failed iterations after which the state is {@link State#FAILING}. */
  static final int FAILING_AFTER = 3;

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration STATE_READ_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration FORGET_EVERY = Duration.ofHours(1);
  /**
   * Longest a notifier that loses alerts-topic partitions waits for their deliveries on the wire
   * before it lets them go; well within the rebalance timeout ({@code max.poll.interval.ms}).
   */
  static final Duration REVOKE_WAIT = Duration.ofSeconds(20);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Triage triage;
  private final Dispatcher dispatcher;
  private final DeliveryLedger ledger;
  private final KafkaDeadLetterSink deadLetters;
  private final KafkaDeliveryLog deliveryLog;
  private final CompactedTopic<Silence> silenceFeed;
  private final CompactedTopic<Delivery> deliveryFeed;
  private final Clock clock;
  private final Duration maxAlertAge;
  private final Counter errors;
  private final AtomicLong lag = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final AtomicInteger failures = new AtomicInteger();
  private volatile State state = State.STARTING;
  private final Thread thread;
  private Instant nextForget;

  private Notifier(
      KafkaConsumer<String, byte[]> consumer, NotifierConfig config, MeterRegistry registry, Clock clock,
      List<Receiver> receivers, KafkaDeadLetterSink deadLetters, KafkaDeliveryLog deliveryLog,
      CompactedTopic<Silence> silenceFeed, CompactedTopic<Delivery> deliveryFeed) {
    this.consumer = consumer;
    this.clock = clock;
    this.maxAlertAge = config.maxAlertAge();
    this.deadLetters = deadLetters;
    this.deliveryLog = deliveryLog;
    this.silenceFeed = silenceFeed;
    this.deliveryFeed = deliveryFeed;
    this.ledger = new DeliveryLedger(deliveryLog);
    List<String> names = receivers.stream().map(Receiver::name).toList();
    this.triage = new Triage(config, names, ledger, registry, clock);
    this.dispatcher = new Dispatcher(receivers, config.retry(), deadLetters, registry, clock,
        () -> ThreadLocalRandom.current().nextDouble(), triage);
    this.errors =
        Counter.builder("bellwether.notifier.errors")
            .description("Unexpected errors in the notifier loop; it logs each, pauses and goes on")
            .baseUnit("errors")
            .register(registry);
    Gauge.builder("bellwether.notifier.lag", lag, AtomicLong::get)
        .description("Alert records the notifier has yet to read: the end offsets of its alerts partitions less its"
            + " position, as of its last poll")
        .baseUnit("records")
        .register(registry);
    this.thread = new Thread(this::run, "bellwether-notifier");
    this.thread.setDaemon(true);
    this.nextForget = clock.instant().plus(FORGET_EVERY);
  }

  /**
   * Starts a consumer thread on Topics.ALERTS (isolation.level=read_committed, group.id = groupId)
   * delivering to the receivers {@code config} names; secrets are read from the process
   * environment or the files the config names.
   */
  public static Notifier start(
      Map<String, Object> kafkaClientConfig, String groupId, NotifierConfig config, MeterRegistry registry,
      Clock clock, PrintStream out) {
    return start(kafkaClientConfig, groupId, config, registry, clock, out, List.of());
  }

  /**
   * Starts a notifier like {@link #start(Map, String, NotifierConfig, MeterRegistry, Clock, PrintStream)}
   * that also delivers to {@code extraReceivers}; it returns once the deliveries topic has been read.
   *
   * @throws dev.bellwether.config.ConfigException when a secret the config names is missing
   */
  public static Notifier start(
      Map<String, Object> kafkaClientConfig, String groupId, NotifierConfig config, MeterRegistry registry,
      Clock clock, PrintStream out, List<Receiver> extraReceivers) {
    List<Receiver> receivers = new ArrayList<>(Receivers.of(config, System.getenv(), out, clock));
    receivers.addAll(extraReceivers);
    Map<String, Object> props = new HashMap<>(kafkaClientConfig);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new group starts at the beginning so alerts raised before it joined are not lost; the
    // maximum alert age and the deliveries topic keep a replay from re-announcing old ones.
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-notifier");
    // With several notifiers, a rebalance takes away only the partitions that move (the eager
    // default revokes every partition of every member, and each would take back all it holds).
    props.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    KafkaDeadLetterSink deadLetters = new KafkaDeadLetterSink(kafkaClientConfig, groupId + "-notifier-dlq");
    KafkaDeliveryLog deliveryLog = new KafkaDeliveryLog(kafkaClientConfig, groupId + "-notifier-deliveries", registry);
    CompactedTopic<Silence> silences;
    CompactedTopic<Delivery> deliveries;
    try {
      silences =
          new CompactedTopic<>(kafkaClientConfig, Topics.SILENCES, groupId + "-notifier-silences", STATE_READ_TIMEOUT);
    } catch (RuntimeException e) {
      deliveryLog.close();
      deadLetters.close();
      throw e;
    }
    try {
      deliveries =
          new CompactedTopic<>(kafkaClientConfig, Topics.DELIVERIES, groupId + "-notifier-state", STATE_READ_TIMEOUT);
    } catch (RuntimeException e) {
      silences.close();
      deliveryLog.close();
      deadLetters.close();
      throw e;
    }
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    Notifier notifier =
        new Notifier(consumer, config, registry, clock, receivers, deadLetters, deliveryLog, silences, deliveries);
    try {
      notifier.loadState();
    } catch (RuntimeException e) {
      consumer.close();
      notifier.closeResources();
      throw e;
    }
    LOG.info("Notifier delivers to {}", receivers.stream().map(r -> r.kind() + ":" + r.name()).toList());
    consumer.subscribe(List.of(Topics.ALERTS.name()), notifier.new Rebalance());
    notifier.state = State.RUNNING;
    notifier.thread.start();
    return notifier;
  }

  /**
   * Reads the deliveries topic (recent ones) into the ledger, and the silences topic. Both stay
   * open: every notifier keeps reading what the others deliver, and reads the deliveries topic to
   * its end again before it takes over partitions.
   */
  private void loadState() {
    int before = ledger.size();
    deliveryFeed.readToEnd(STATE_READ_TIMEOUT, this::takeDelivery);
    silenceFeed.readToEnd(STATE_READ_TIMEOUT, this::takeSilence);
    LOG.info("Notifier state: {} recent deliveries read from {}", ledger.size() - before, Topics.DELIVERIES.name());
  }

  /** Takes one record of the deliveries topic, this notifier's or another's, unless it is too old to matter. */
  private void takeDelivery(String key, Delivery d) {
    if (d != null && (d.deliveredAt() == null
        || !d.deliveredAt().isBefore(clock.instant().minus(maxAlertAge).minus(FORGET_EVERY)))) {
      ledger.load(d);
    }
  }

  private void takeSilence(String id, Silence silence) {
    if (silence == null) {
      triage.unsilence(id);
    } else {
      triage.silence(silence);
    }
  }

  private void run() {
    try {
      while (!closed.get()) {
        try {
          iterate();
          if (failures.getAndSet(0) >= FAILING_AFTER) {
            LOG.info("Notifier recovered");
          }
          state = State.RUNNING;
        } catch (WakeupException e) {
          if (!closed.get()) {
            fail(e);
          }
        } catch (RuntimeException e) {
          fail(e);
        }
      }
    } catch (Error e) {
      LOG.error("Notifier stopped by a JVM error", e);
      throw e;
    } finally {
      finish();
      state = State.STOPPED;
    }
  }

  private void iterate() {
    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
    for (ConsumerRecord<String, byte[]> record : records) {
      if (triage.accept(record.value(), record.partition(), record.offset()) == Triage.Outcome.STALE) {
        dispatcher.skip();
      }
    }
    long behind = 0;
    for (TopicPartition tp : consumer.assignment()) {
      behind += consumer.currentLag(tp).orElse(0);
    }
    lag.set(behind);
    triage.reportUnannounced();
    silenceFeed.poll(this::takeSilence);
    deliveryFeed.poll(this::takeDelivery);
    for (Batch batch : triage.due()) {
      dispatcher.dispatch(batch);
    }
    commit(triage.offsets().moved());
    Instant now = clock.instant();
    if (now.isAfter(nextForget)) {
      ledger.forgetBefore(now.minus(maxAlertAge).minus(FORGET_EVERY));
      nextForget = now.plus(FORGET_EVERY);
    }
  }

  private void fail(RuntimeException e) {
    errors.increment();
    int n = failures.incrementAndGet();
    if (n >= FAILING_AFTER) {
      state = State.FAILING;
    }
    long pauseMillis = Math.min(30_000L, 500L << Math.min(n - 1, 6));
    LOG.error("Notifier loop failed ({} in a row); it goes on in {} ms", n, pauseMillis, e);
    try {
      stopping.await(pauseMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      closed.set(true);
    }
  }

  private void commit(Map<Integer, Long> positions) {
    if (positions.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Collection<TopicPartition> assigned = consumer.assignment();
    positions.forEach((partition, position) -> {
      TopicPartition tp = new TopicPartition(Topics.ALERTS.name(), partition);
      if (assigned.contains(tp)) {
        offsets.put(tp, new OffsetAndMetadata(position));
      }
    });
    if (!offsets.isEmpty()) {
      consumer.commitSync(offsets, CLOSE_TIMEOUT);
    }
  }

  /**
   * On the notifier thread at the end: lets deliveries in flight finish (what cannot is left
   * uncommitted for the next notifier), commits what is done, and closes everything.
   */
  private void finish() {
    dispatcher.close(CLOSE_TIMEOUT);
    deliveryLog.flush();
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        commit(triage.offsets().positions());
        break;
      } catch (WakeupException e) {
        LOG.debug("Pending wake-up interrupted the last commit; retrying once");
      } catch (RuntimeException e) {
        LOG.warn("Notifier could not commit its last offsets; those alerts are read again, not sent again", e);
        break;
      }
    }
    try {
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    } catch (RuntimeException e) {
      LOG.warn("Notifier consumer did not close cleanly: {}", e.toString());
    }
    closeResources();
  }

  private void closeResources() {
    silenceFeed.close();
    deliveryFeed.close();
    deliveryLog.close();
    deadLetters.close();
  }

  /** Where the notifier is: starting, running, failing (and retrying), or stopped. */
  public State state() {
    State s = state;
    return s != State.STOPPED && !thread.isAlive() && thread.getState() != Thread.State.NEW ? State.STOPPED : s;
  }

  /**
   * Stops the loop, lets deliveries in progress finish for a few seconds (the rest are sent by
   * the next notifier), commits, and closes; idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopping.countDown();
    consumer.wakeup();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Hands partitions over between notifiers so that no announcement is sent by both. The one that
   * loses a partition takes back what it had not sent of it (waiting in groups, queued, waiting for
   * a retry), waits up to {@link #REVOKE_WAIT} for what is on the wire, writes its deliveries and
   * commits; the records taken back stay uncommitted. The one that gets the partition reads the
   * deliveries topic to its end first, so it knows what the other delivered, then reads the
   * records from the committed offset and sends what nobody has sent. On the notifier thread.
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Set<Integer> revoked = partitionsOf(partitions);
      Dispatcher.Withdrawal withdrawal = dispatcher.withdraw(revoked, REVOKE_WAIT);
      int takenBack = triage.revoke(revoked, withdrawal.unsent());
      if (withdrawal.stillOnTheWire() > 0) {
        LOG.warn("{} message(s) for alerts partitions {} were still being delivered after {} s; the partitions' next"
            + " owner may send them again (same Idempotency-Key)", withdrawal.stillOnTheWire(), revoked,
            REVOKE_WAIT.toSeconds());
      }
      deliveryLog.flush();
      try {
        commit(triage.offsets().positions());
      } catch (RuntimeException e) {
        LOG.warn("Could not commit before a rebalance; those alerts are read again, not sent again: {}", e.toString());
      }
      revoked.forEach(triage.offsets()::forget);
      LOG.info("Alerts partitions {} revoked: {} announcement(s) not yet sent left to their next owner", revoked,
          takenBack);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Already another notifier's (this one missed its session): take back what is not on the
      // wire, commit nothing.
      Set<Integer> lost = partitionsOf(partitions);
      int takenBack = triage.revoke(lost, dispatcher.withdraw(lost, Duration.ZERO).unsent());
      lost.forEach(triage.offsets()::forget);
      LOG.warn("Alerts partitions {} lost to another notifier: {} announcement(s) not yet sent left to it", lost,
          takenBack);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        deliveryFeed.readToEnd(STATE_READ_TIMEOUT, Notifier.this::takeDelivery);
      }
      partitions.forEach(tp -> triage.offsets().forget(tp.partition()));
    }

    private Set<Integer> partitionsOf(Collection<TopicPartition> partitions) {
      Set<Integer> out = new TreeSet<>();
      partitions.forEach(tp -> out.add(tp.partition()));
      return out;
    }
  }
}
