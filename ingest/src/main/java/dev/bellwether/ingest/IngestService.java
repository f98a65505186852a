package dev.bellwether.ingest;

import dev.bellwether.config.FeedConfig;
import dev.bellwether.config.IngestConfig;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.dedup.Deduplicator;
import dev.bellwether.ingest.dedup.RawTopicRestore;
import dev.bellwether.ingest.fetch.ArticleFetcher;
import dev.bellwether.ingest.normalize.ItemNormalizer;
import dev.bellwether.ingest.fetch.FeedFetcher;
import dev.bellwether.ingest.parse.FeedParser;
import dev.bellwether.ingest.produce.NewsProducer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest stage: polls every configured feed on its own schedule and writes each new item once
 * to {@code news.raw}.
 *
 * <p>Data flow per poll: {@code fetch} (conditional GET, size cap, address policy) → {@code parse}
 * (Rome, no DOCTYPEs) → {@code normalize} (plain text, canonical URL, id, tickers) → {@code dedup}
 * (exact repeats dropped, near-duplicates linked to the first item of their story) → {@code produce}
 * (idempotent producer, key story id, timestamp publication time). A feed that fails backs off on its own; the scheduler has one thread per feed,
 * so a slow or hanging feed never holds up another.
 */
public final class IngestService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  /** Polls are spread by up to this fraction of their delay, so feeds on one host are not hit in lockstep. */
  private static final double JITTER = 0.1;

  /**
   * How often every partition of {@code news.raw} is told the latest publication time sent (a
   * {@link dev.bellwether.event.Tick}), so that the windows of a partition that got none of the
   * latest items still close; an alert waits at most about this long for a quiet partition.
   */
  static final Duration TICK_INTERVAL = Duration.ofSeconds(5);

  /** Longest the start-up read of {@code news.raw} may take. */
  private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(2);

  private final IngestConfig config;
  private final Map<String, Object> kafkaClientConfig;
  private final Clock clock;
  private final Deduplicator stories;
  private final List<FeedPoller> pollers = new ArrayList<>();
  private final NewsProducer producer;
  private final ScheduledThreadPoolExecutor scheduler;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * An ingest stage for the feeds of {@code config}, writing with {@code kafkaClientConfig}
   * (at least {@code bootstrap.servers}); nothing runs until {@link #start()}.
   */
  public IngestService(IngestConfig config, Map<String, Object> kafkaClientConfig, MeterRegistry registry, Clock clock) {
    this.config = config;
    this.kafkaClientConfig = Map.copyOf(kafkaClientConfig);
    this.clock = clock;
    this.producer = new NewsProducer(kafkaClientConfig);
    IngestMetrics metrics = new IngestMetrics(registry);
    FeedFetcher fetcher = new FeedFetcher(config, clock);
    FeedParser parser = new FeedParser();
    ItemNormalizer normalizer = ItemNormalizer.of(config);
    ArticleFetcher articles = new ArticleFetcher(config, clock);
    this.stories = new Deduplicator(config.dedup(), clock);
    UnsentItems unsent = new UnsentItems();
    for (FeedConfig feed : config.feeds()) {
      pollers.add(new FeedPoller(feed, fetcher, parser, normalizer, stories, articles, producer, unsent, metrics, clock));
    }
    AtomicInteger threads = new AtomicInteger();
    this.scheduler = new ScheduledThreadPoolExecutor(Math.max(1, pollers.size()), r -> {
      Thread t = new Thread(r, "ingest-poll-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  /**
   * Rebuilds the de-duplication memory from {@code news.raw} (unless {@code dedup.restore} is off),
   * then starts polling every feed. The first poll of all feeds runs together and their items are
   * sent merged in publication order: at start-up feeds hand over their backlog, and sending one
   * feed's backlog after another's would make the second look late to the event-time windows
   * downstream. A feed whose first poll outlasts the fetch deadline (twice the request timeout)
   * plus 5 s is left out of the merge and its items are sent on their own when it ends, so one slow
   * feed delays the others' first items by at most that, and later polls not at all.
   *
   * @throws IllegalStateException when {@code news.raw} cannot be read back in time
   */
  public void start() {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("ingest can be started once, and not after close()");
    }
    if (config.dedup().restore()) {
      RawTopicRestore.Summary r = RawTopicRestore.restore(kafkaClientConfig, stories, config.dedup(), clock,
          RESTORE_TIMEOUT);
      LOG.info("De-duplication memory restored from {}: {} records read, {} items remembered, {} unreadable, in {} ms "
          + "({} ids, {} items in the story index)", dev.bellwether.kafka.Topics.RAW.name(), r.records(), r.restored(),
          r.unreadable(), r.elapsed().toMillis(), stories.seenIds(), stories.storyItems());
    }
    List<Future<FeedPoller.Poll>> first = new ArrayList<>();
    for (FeedPoller poller : pollers) {
      first.add(scheduler.submit(poller::poll));
    }
    List<RawNewsItem> backlog = new ArrayList<>();
    List<Duration> next = new ArrayList<>();
    // The fetch deadline (twice the request timeout) plus parsing time: a feed still polling then is slow or hanging.
    long mergeDeadline = System.nanoTime() + config.requestTimeout().toNanos() * 2 + TimeUnit.SECONDS.toNanos(5);
    for (Future<FeedPoller.Poll> f : first) {
      next.add(firstPoll(f, mergeDeadline, backlog));
    }
    backlog.sort(FeedPoller.OLDEST_FIRST);
    if (!pollers.isEmpty()) {
      // Every poller shares the producer and the story clusterer, so any one of them can send the merged
      // backlog; clustering it after the merge keeps the first item of each story its earliest one.
      pollers.get(0).send(pollers.get(0).cluster(backlog));
    }
    for (int i = 0; i < pollers.size(); i++) {
      if (next.get(i) != null) {
        schedule(pollers.get(i), next.get(i));
      } else {
        finishLate(pollers.get(i), first.get(i));
      }
    }
    tick();
    scheduler.scheduleWithFixedDelay(this::tick, TICK_INTERVAL.toMillis(), TICK_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    LOG.info("Ingest polling {} feeds (allow-private-addresses: {}); {} items in the start-up backlog",
        pollers.size(), config.allowPrivateAddresses(), backlog.size());
  }

  /** Adds the first poll's items to {@code backlog} and returns the wait before the next poll, or null when it missed the merge. */
  private Duration firstPoll(Future<FeedPoller.Poll> poll, long deadline, List<RawNewsItem> backlog) {
    try {
      FeedPoller.Poll p = poll.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      backlog.addAll(p.items());
      return p.next();
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      LOG.warn("First poll of a feed failed ({}); it is polled again on its schedule", e.getCause().toString());
      return Duration.ofSeconds(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Duration.ofSeconds(1);
    }
  }

  /**
   * Lets a first poll that missed the start-up merge finish, then sends its items on their own: its
   * poller already counts them as listed, so dropping the result would lose them.
   */
  private void finishLate(FeedPoller poller, Future<FeedPoller.Poll> poll) {
    try {
      scheduler.execute(() -> {
        Duration wait;
        try {
          FeedPoller.Poll p = poll.get();
          poller.send(poller.cluster(p.items()));
          wait = p.next();
        } catch (ExecutionException e) {
          wait = poller.failed("internal", String.valueOf(e.getCause()), null);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        schedule(poller, wait);
      });
    } catch (RejectedExecutionException e) {
      // Closing: nothing more is sent.
    }
  }

  /** Sends the live timeline's tick; a failure is logged and the next tick tries again. */
  private void tick() {
    try {
      producer.tick(dev.bellwether.event.Tick.LIVE,
          error -> LOG.debug("A tick to {} failed; the next one follows in {} s: {}",
              dev.bellwether.kafka.Topics.RAW.name(), TICK_INTERVAL.toSeconds(), error.toString()));
    } catch (RuntimeException e) {
      LOG.debug("Could not send ticks to {}: {}", dev.bellwether.kafka.Topics.RAW.name(), e.toString());
    }
  }

  /** Stops polling, waits for polls in flight, then flushes and closes the producer. Safe to call twice. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(config.requestTimeout().toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS)) {
        LOG.warn("Some feed polls did not stop in time; closing the producer anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
    LOG.info("Ingest stopped");
  }

  private void schedule(FeedPoller poller, Duration delay) {
    if (closed.get()) {
      return;
    }
    double factor = 1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    long millis = Math.max(0, (long) (delay.toMillis() * factor));
    try {
      scheduler.schedule(() -> run(poller), millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closing: the scheduler refuses new polls.
    }
  }

  private void run(FeedPoller poller) {
    Duration next;
    try {
      next = poller.pollOnce();
    } catch (RuntimeException e) {
      LOG.error("Unexpected failure polling feed {}", poller.feed().name(), e);
      next = poller.failed("internal", e.toString(), null);
    }
    schedule(poller, next);
  }
}
