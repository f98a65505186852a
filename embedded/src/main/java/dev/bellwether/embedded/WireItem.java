package dev.bellwether.embedded;

import java.time.Instant;

/**
 * One generated news story of the simulated newswire.
 *
 * @param id stable id, derived from the seed, the kind of item and its time slot
 * @param publishedAt publication time, whole seconds
 * @param company the company it is about, or null for market-wide news
 * @param topic its topic, a label of the financial news taxonomy (e.g. {@code Legal | Regulation})
 * @param sentiment intended tone: {@code positive}, {@code neutral} or {@code negative}
 * @param title headline
 * @param summary one-sentence summary
 * @param feed the feed that carries it
 */
record WireItem(
    String id, Instant publishedAt, Company company, String topic, String sentiment, String title, String summary, Feed feed) {

  /** The simulator's feeds. */
  enum Feed {
    /** Markets, analysts, legal news and macro headlines, as RSS 2.0. */
    WIRE,
    /** Corporate announcements, as Atom. */
    COMPANIES
  }
}
