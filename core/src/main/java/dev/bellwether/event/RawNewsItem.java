package dev.bellwether.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A news item as ingest saw it, before any scoring: the value of the {@code news.raw} topic.
 *
 * <p>Its event time is {@link #publishedAt()}, read from the payload: the record timestamp on Kafka
 * is the time the broker appended it, so that retention counts from when it was written, however
 * old the news. The key is {@link #storyId()}, so the copies of one story land on one partition.
 *
 * @param schemaVersion version of this contract; readers accept any version they know
 * @param id stable id of the item (a hash of its canonical URL or feed GUID)
 * @param storyId id of the first item of this item's story cluster; equals {@code id} for a new story
 * @param novel true when this item starts a story, false for a near-duplicate of an earlier item
 * @param source name of the feed or importer that produced it
 * @param url link to the article
 * @param title headline
 * @param summary summary or body text, possibly empty
 * @param publishedAt publication time given by the source (fetch time when the source gave none)
 * @param fetchedAt when ingest read it
 * @param entities tickers the item is about, upper case, without a {@code $}
 * @param language ISO 639-1 code when known, else {@code null}
 * @param truncated true when ingest cut the title or summary to its configured limit (absent in older records: false)
 * @param publishedEstimated true when the source gave no usable publication time and
 *     {@code publishedAt} is the fetch time (absent in older records: false)
 * @param timeline the event-time timeline it belongs to: {@code live} for polled feeds, an import's
 *     own for history imported from a file (absent in older records: live); see {@link Timelines}
 */
public record RawNewsItem(
    int schemaVersion,
    String id,
    String storyId,
    boolean novel,
    String source,
    String url,
    String title,
    String summary,
    Instant publishedAt,
    Instant fetchedAt,
    List<String> entities,
    String language,
    boolean truncated,
    boolean publishedEstimated,
    String timeline) {

  /** The contract version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  /** Checks the fields every reader relies on and fills the optional ones. */
  public RawNewsItem {
    schemaVersion = SchemaVersions.check(schemaVersion, SCHEMA_VERSION, "RawNewsItem");
    requireText(id, "id");
    requireText(title, "title");
    Objects.requireNonNull(publishedAt, "published_at is missing");
    if (storyId == null || storyId.isBlank()) {
      storyId = id;
      novel = true;
    }
    source = source == null ? "" : source;
    url = url == null ? "" : url;
    summary = summary == null ? "" : summary;
    fetchedAt = fetchedAt == null ? publishedAt : fetchedAt;
    entities = entities == null ? List.of() : List.copyOf(entities);
    timeline = Timelines.orLive(timeline);
  }

  /** A live item; {@code publishedEstimated} as given. */
  public RawNewsItem(int schemaVersion, String id, String storyId, boolean novel, String source, String url,
      String title, String summary, Instant publishedAt, Instant fetchedAt, List<String> entities, String language,
      boolean truncated, boolean publishedEstimated) {
    this(schemaVersion, id, storyId, novel, source, url, title, summary, publishedAt, fetchedAt, entities, language,
        truncated, publishedEstimated, Tick.LIVE);
  }

  /** An item whose publication time came from its source. */
  public RawNewsItem(int schemaVersion, String id, String storyId, boolean novel, String source, String url,
      String title, String summary, Instant publishedAt, Instant fetchedAt, List<String> entities, String language,
      boolean truncated) {
    this(schemaVersion, id, storyId, novel, source, url, title, summary, publishedAt, fetchedAt, entities, language,
        truncated, false);
  }

  /** An item that was not truncated. */
  public RawNewsItem(int schemaVersion, String id, String storyId, boolean novel, String source, String url,
      String title, String summary, Instant publishedAt, Instant fetchedAt, List<String> entities, String language) {
    this(schemaVersion, id, storyId, novel, source, url, title, summary, publishedAt, fetchedAt, entities, language,
        false);
  }

  /** A copy linked to the story {@code story}, novel when it starts it. */
  public RawNewsItem withStory(String story, boolean isNovel) {
    return new RawNewsItem(schemaVersion, id, story, isNovel, source, url, title, summary, publishedAt, fetchedAt,
        entities, language, truncated, publishedEstimated, timeline);
  }

  /** A copy on {@code other} timeline. */
  public RawNewsItem onTimeline(String other) {
    return new RawNewsItem(schemaVersion, id, storyId, novel, source, url, title, summary, publishedAt, fetchedAt,
        entities, language, truncated, publishedEstimated, other);
  }

  /** Whether this item belongs to the live timeline rather than to imported history. */
  public boolean live() {
    return Timelines.isLive(timeline);
  }

  /** A copy under another id, starting a story of its own; every other field is kept. */
  public RawNewsItem withId(String newId) {
    return new RawNewsItem(schemaVersion, newId, newId, true, source, url, title, summary, publishedAt, fetchedAt,
        entities, language, truncated, publishedEstimated, timeline);
  }

  /** A new item that starts its own story. */
  public static RawNewsItem of(
      String id,
      String source,
      String url,
      String title,
      String summary,
      Instant publishedAt,
      Instant fetchedAt,
      List<String> entities) {
    return new RawNewsItem(
        SCHEMA_VERSION, id, id, true, source, url, title, summary, publishedAt, fetchedAt, entities, null);
  }

  static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is missing or blank");
    }
  }
}
