package dev.bellwether.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A silence: no notification for alerts whose scope matches {@link #scope()} between
 * {@link #startsAt()} and {@link #endsAt()}; the value of the compacted silences topic, keyed by
 * {@link #id()}, so the latest version of a silence (an earlier end, once expired) wins.
 *
 * @param schemaVersion version of this contract
 * @param id short unique id, as {@code silence expire} takes it
 * @param scope scope pattern: exact ({@code entity:ACME}) or glob ({@code topic:*})
 * @param startsAt first instant it silences
 * @param endsAt first instant it no longer silences
 * @param comment why, for the people who will wonder
 * @param author who created it
 * @param createdAt when this version was written
 */
public record Silence(
    int schemaVersion, String id, String scope, Instant startsAt, Instant endsAt, String comment, String author,
    Instant createdAt) {

  /** The contract version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  /** Checks every field; the scope must be a valid {@link ScopePattern}. */
  public Silence {
    schemaVersion = SchemaVersions.check(schemaVersion, SCHEMA_VERSION, "Silence");
    RawNewsItem.requireText(id, "id");
    new ScopePattern(scope);
    Objects.requireNonNull(startsAt, "starts_at is missing");
    Objects.requireNonNull(endsAt, "ends_at is missing");
    if (endsAt.isBefore(startsAt)) {
      throw new IllegalArgumentException("silence " + id + " ends (" + endsAt + ") before it starts (" + startsAt + ")");
    }
    comment = comment == null ? "" : comment;
    author = author == null ? "" : author;
  }

  /** Whether it silences {@code scopeKey} at {@code now}. */
  public boolean silences(String scopeKey, Instant now) {
    return isActiveAt(now) && new ScopePattern(scope).matches(scopeKey);
  }

  /** Whether {@code now} is within its time range. */
  public boolean isActiveAt(Instant now) {
    return !now.isBefore(startsAt) && now.isBefore(endsAt);
  }

  /** A copy that ends at {@code now} (or keeps its earlier end), written at {@code now}. */
  public Silence expiredAt(Instant now) {
    Instant end = endsAt.isBefore(now) ? endsAt : now;
    Instant start = startsAt.isAfter(end) ? end : startsAt;
    return new Silence(SCHEMA_VERSION, id, scope, start, end, comment, author, now);
  }
}
