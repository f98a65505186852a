package dev.bellwether.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The meters of the ingest stage, shared by the feed poller and the file importer; each is created on
 * first use and cached by the registry.
 */
public final class IngestMetrics {

  public static final String ITEMS = "bellwether.ingest.items";
  public static final String POLLS = "bellwether.ingest.polls";
  public static final String FETCH_ERRORS = "bellwether.ingest.fetch.errors";
  public static final String FETCH_LATENCY = "bellwether.ingest.fetch.latency";
  public static final String SEND_ERRORS = "bellwether.ingest.send.errors";
  public static final String DEAD_LETTERS = "bellwether.deadletter.records";
  public static final String MALFORMED_FEEDS = "bellwether.ingest.feeds.malformed";
  public static final String ARTICLES = "bellwether.ingest.articles";
  public static final String FEED_ITEMS = "bellwether.ingest.feed.items";

  private final MeterRegistry registry;

  /** The meters of ingest in {@code registry}. */
  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Counts one item read: {@code new} (a new story, sent), {@code near_duplicate} (another telling of
   * a known story, sent linked to it), {@code duplicate} (same URL or text, dropped) or {@code skipped}
   * (no title or id).
   */
  public void item(String outcome) {
    Counter.builder(ITEMS)
        .description("Items read by ingest, by outcome: new (new story, sent to news.raw), near_duplicate "
            + "(same story re-worded or syndicated, sent linked to it), duplicate (dropped), skipped (no title or id)")
        .baseUnit("items")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /**
   * The counter of items {@code feed} delivered that were sent to {@code news.raw} (new stories and
   * near-duplicates), registered at once so that a feed's series exists before its first item: the
   * per-feed rhythm the ingest-silence rule compares a quiet hour with.
   */
  public Counter feedItems(String feed) {
    return Counter.builder(FEED_ITEMS)
        .description("Items a feed delivered that were sent to news.raw (new stories and near-duplicates), by feed")
        .baseUnit("items")
        .tag("feed", feed)
        .register(registry);
  }

  /** Counts one poll of {@code feed}: {@code ok}, {@code not_modified} or {@code error}. */
  void poll(String feed, String outcome) {
    Counter.builder(POLLS)
        .description("Feed polls, by feed and outcome (ok, not_modified, error)")
        .baseUnit("polls")
        .tag("feed", feed)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Counts one failed poll by kind (timeout, http_5xx, malformed, blocked_address, ...). */
  void fetchError(String kind) {
    Counter.builder(FETCH_ERRORS)
        .description("Failed feed polls, by kind of failure")
        .baseUnit("errors")
        .tag("kind", kind)
        .register(registry)
        .increment();
  }

  /** Records how long one HTTP exchange with {@code feed} took, whatever its outcome. */
  void fetchLatency(String feed, Duration elapsed) {
    Timer.builder(FETCH_LATENCY)
        .description("Time to fetch one feed, from request to complete body")
        .tag("feed", feed)
        .register(registry)
        .record(elapsed);
  }

  /** Counts one poll of {@code feed} whose body was not a readable RSS, RDF or Atom document. */
  void malformed(String feed) {
    Counter.builder(MALFORMED_FEEDS)
        .description("Feed bodies that were not readable RSS, RDF or Atom documents, by feed")
        .baseUnit("polls")
        .tag("feed", feed)
        .register(registry)
        .increment();
  }

  /** Counts one article page fetch attempt: {@code fetched} or {@code not_fetched} (refused by robots.txt, failed, not HTML). */
  void article(String outcome) {
    Counter.builder(ARTICLES)
        .description("Article page fetches for feeds with fetch-articles, by outcome (fetched, not_fetched)")
        .baseUnit("pages")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Counts one record Kafka refused to take. */
  public void sendError() {
    Counter.builder(SEND_ERRORS)
        .description("Records ingest could not write to Kafka (their items are retried on the next poll)")
        .baseUnit("records")
        .register(registry)
        .increment();
  }

  /** Counts one dead letter written by ingest. */
  public void deadLetter() {
    Counter.builder(DEAD_LETTERS)
        .description("Records a stage could not process and sent to the dead-letter topic")
        .baseUnit("records")
        .tag("stage", "ingest")
        .register(registry)
        .increment();
  }
}
