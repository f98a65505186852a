package dev.bellwether.ingest;

import dev.bellwether.config.Durations;
import dev.bellwether.config.FeedConfig;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.dedup.Deduplicator;
import dev.bellwether.ingest.dedup.StoryClusterer;
import dev.bellwether.ingest.fetch.ArticleFetcher;
import dev.bellwether.ingest.fetch.FeedFetcher;
import dev.bellwether.ingest.fetch.FetchResult;
import dev.bellwether.ingest.fetch.Validators;
import dev.bellwether.ingest.normalize.ItemNormalizer;
import dev.bellwether.ingest.parse.FeedEntry;
import dev.bellwether.ingest.parse.FeedParser;
import dev.bellwether.ingest.parse.MalformedFeedException;
import dev.bellwether.ingest.produce.NewsProducer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling state of one feed: its cache validators, the ids it listed last time and its run of
 * failures. Each call of {@link #pollOnce()} fetches, parses, clusters the items oldest first into
 * stories (dropping exact repeats), sends the rest in that order and says when to poll next. Items
 * whose send failed wait in {@link UnsentItems} and go out again with the feed's next poll. Only
 * one poll of a feed runs at a time, so the state needs no locking.
 */
final class FeedPoller {

  private static final Logger LOG = LoggerFactory.getLogger(FeedPoller.class);
  /**
   * Event time runs forward in the pipeline: items are sent in publication order so that windows
   * downstream see them in order rather than as late arrivals.
   */
  static final Comparator<RawNewsItem> OLDEST_FIRST = StoryClusterer.OLDEST_FIRST;
  /** Longest wait between polls of a failing feed. */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

  private final FeedConfig feed;
  private final FeedFetcher fetcher;
  private final FeedParser parser;
  private final ItemNormalizer normalizer;
  private final Deduplicator stories;
  private final ArticleFetcher articles;
  private final NewsProducer producer;
  private final UnsentItems unsent;
  private final IngestMetrics metrics;
  private final io.micrometer.core.instrument.Counter sent;
  private final Clock clock;
  private Validators validators = Validators.NONE;
  private int failures;
  private String failingKind;
  private int lastDeadLetterHash;
  private Set<String> lastListed = Set.of();

  FeedPoller(FeedConfig feed, FeedFetcher fetcher, FeedParser parser, ItemNormalizer normalizer, Deduplicator stories,
      ArticleFetcher articles, NewsProducer producer, UnsentItems unsent, IngestMetrics metrics, Clock clock) {
    this.feed = feed;
    this.fetcher = fetcher;
    this.parser = parser;
    this.normalizer = normalizer;
    this.stories = stories;
    this.articles = articles;
    this.producer = producer;
    this.unsent = unsent;
    this.metrics = metrics;
    this.sent = metrics.feedItems(feed.name());
    this.clock = clock;
  }

  FeedConfig feed() {
    return feed;
  }

  /** Polls the feed once, sends its new items oldest first, and returns how long to wait before the next poll. */
  Duration pollOnce() {
    Poll poll = poll();
    send(cluster(poll.items()));
    return poll.next();
  }

  /**
   * Fetches and parses the feed once and returns its items, oldest first, without clustering or
   * sending them; the caller must {@link #cluster} and {@link #send} them. Items the previous poll of
   * this feed already listed are skipped silently: a feed re-listing its recent items is not news
   * repeated. Items of this feed whose send failed since the last poll are returned again, whatever
   * the feed answered.
   */
  Poll poll() {
    List<RawNewsItem> retries = unsent.take(feed.name());
    long started = System.nanoTime();
    FetchResult result = fetcher.fetch(feed.url(), validators);
    metrics.fetchLatency(feed.name(), Duration.ofNanos(System.nanoTime() - started));
    if (result instanceof FetchResult.NotModified) {
      metrics.poll(feed.name(), "not_modified");
      recovered();
      return new Poll(oldestFirst(retries), feed.pollInterval());
    }
    if (result instanceof FetchResult.Failed failed) {
      if (failed.kind().equals("interrupted")) {
        retries.forEach(unsent::add);
        return new Poll(List.of(), feed.pollInterval());
      }
      return new Poll(oldestFirst(retries), failed(failed.kind(), failed.message(), failed.retryAfter()));
    }
    FetchResult.Fetched fetched = (FetchResult.Fetched) result;
    Instant now = clock.instant();
    List<FeedEntry> entries;
    try {
      entries = parser.parse(fetched.body());
    } catch (MalformedFeedException e) {
      deadLetter(fetched.body(), e.getMessage(), now);
      metrics.malformed(feed.name());
      return new Poll(oldestFirst(retries),
          failed("malformed", "not a readable RSS/Atom feed: " + e.getMessage(), null));
    }
    List<RawNewsItem> fresh = new ArrayList<>(retries);
    Set<String> retried = new HashSet<>();
    retries.forEach(r -> retried.add(r.id()));
    Set<String> listed = new HashSet<>();
    for (FeedEntry entry : entries) {
      Optional<RawNewsItem> item = normalizer.item(entry, feed, now);
      if (item.isEmpty()) {
        metrics.item("skipped");
        continue;
      }
      String id = item.get().id();
      listed.add(id);
      if (lastListed.contains(id) || retried.contains(id)) {
        continue;
      }
      fresh.add(item.get());
    }
    lastListed = listed;
    fresh.sort(OLDEST_FIRST);
    validators = fetched.validators();
    metrics.poll(feed.name(), "ok");
    recovered();
    LOG.debug("Feed {}: {} entries, {} new, {} sent again", feed.name(), entries.size(), fresh.size() - retries.size(),
        retries.size());
    return new Poll(fresh, feed.pollInterval());
  }

  private static List<RawNewsItem> oldestFirst(List<RawNewsItem> items) {
    List<RawNewsItem> sorted = new ArrayList<>(items);
    sorted.sort(OLDEST_FIRST);
    return sorted;
  }

  /**
   * What one poll found: the new items, oldest first, and when to poll next.
   *
   * @param items items not listed by the previous poll, and those whose send failed since, oldest first, not yet
   *     clustered nor sent
   * @param next wait before the next poll
   */
  record Poll(List<RawNewsItem> items, Duration next) {}

  /** The wait after the current run of failures: the poll interval doubled per failure, at most {@link #MAX_BACKOFF}. */
  Duration backoff() {
    Duration cap = feed.pollInterval().compareTo(MAX_BACKOFF) > 0 ? feed.pollInterval() : MAX_BACKOFF;
    Duration wait = feed.pollInterval().multipliedBy(1L << Math.min(Math.max(failures, 1), 20));
    return wait.compareTo(cap) > 0 ? cap : wait;
  }

  /** Counts and logs a failed poll, and says when to try again. */
  Duration failed(String kind, String message, Duration retryAfter) {
    failures++;
    metrics.poll(feed.name(), "error");
    metrics.fetchError(kind);
    Duration next = retryAfter == null ? backoff()
        : retryAfter.compareTo(feed.pollInterval()) > 0 ? retryAfter : feed.pollInterval();
    if (!kind.equals(failingKind)) {
      // One line when a feed starts failing (or fails differently), not one per poll.
      LOG.warn("Feed {} ({}) failed [{}]: {}; next try in {}", feed.name(), feed.url(), kind, message, Durations.format(next));
      failingKind = kind;
    } else {
      LOG.debug("Feed {} still failing [{}] ({} times): {}", feed.name(), kind, failures, message);
    }
    return next;
  }

  private void recovered() {
    if (failures > 0) {
      LOG.info("Feed {} is answering again after {} failed polls", feed.name(), failures);
    }
    failures = 0;
    failingKind = null;
  }

  /**
   * Assigns {@code items} to stories in the given order (oldest first, so a story's first item is its
   * earliest) and returns those to send: new stories and near-duplicates, the latter linked to their
   * story. Exact repeats are dropped. Each item is counted by outcome. Items of a feed with
   * {@code fetch-articles} get their article's main text as summary when it is longer; stories are
   * decided on the feed's own text first, so that a page fetch never changes which story an item is
   * in and repeats are never fetched.
   */
  List<RawNewsItem> cluster(List<RawNewsItem> items) {
    List<RawNewsItem> out = new ArrayList<>(items.size());
    for (RawNewsItem item : items) {
      StoryClusterer.Assignment a = stories.assign(item);
      metrics.item(a.outcome().tag());
      if (a.outcome() != StoryClusterer.Outcome.DUPLICATE) {
        out.add(withArticle(a.item()));
        sent.increment();
      }
    }
    return out;
  }

  private RawNewsItem withArticle(RawNewsItem item) {
    if (!feed.fetchArticles() || item.url().isEmpty()) {
      return item;
    }
    Optional<String> text = articles.mainText(item.url());
    metrics.article(text.isPresent() ? "fetched" : "not_fetched");
    if (text.isEmpty() || text.get().length() <= item.summary().length()) {
      return item;
    }
    return normalizer.withSummary(item, text.get(), feed.tickers());
  }

  /**
   * Sends {@code items} in the given order; an item whose send fails is forgotten by the
   * de-duplication memory and sent again with the next poll of its feed.
   */
  void send(List<RawNewsItem> items) {
    for (RawNewsItem item : items) {
      send(item);
    }
  }

  private void send(RawNewsItem item) {
    try {
      producer.send(item, error -> sendFailed(item, error));
    } catch (RuntimeException e) {
      sendFailed(item, e);
    }
  }

  private void sendFailed(RawNewsItem item, Exception error) {
    stories.forget(item.id());
    unsent.add(item);
    metrics.sendError();
    LOG.warn("Could not write item {} of feed {} to Kafka ({}); it is sent again with the feed's next poll", item.id(),
        item.source(), error.toString());
  }

  /** Sends a malformed body to the dead-letter topic once, not again for each poll that returns the same body. */
  private void deadLetter(byte[] body, String reason, Instant now) {
    int hash = Arrays.hashCode(body);
    if (hash == lastDeadLetterHash) {
      return;
    }
    lastDeadLetterHash = hash;
    try {
      producer.sendDeadLetter(feed.name(), DeadLetter.of("ingest", feed.url(), -1, -1, feed.name(), reason, body, now),
          error -> LOG.warn("Could not write a dead letter for feed {}: {}", feed.name(), error.toString()));
      metrics.deadLetter();
    } catch (RuntimeException e) {
      LOG.warn("Could not write a dead letter for feed {}: {}", feed.name(), e.toString());
    }
  }
}
