package dev.bellwether.ingest.fetch;

import java.time.Duration;

/** The outcome of one conditional GET of a feed. */
public sealed interface FetchResult {

  /**
   * The feed answered with a body.
   *
   * @param body the body, at most the configured number of bytes
   * @param validators the validators to send with the next request
   */
  record Fetched(byte[] body, Validators validators) implements FetchResult {}

  /** The feed has not changed since the validators sent (HTTP 304). */
  record NotModified() implements FetchResult {}

  /**
   * The fetch failed.
   *
   * @param kind a short, stable tag for metrics: {@code timeout}, {@code io}, {@code http_4xx},
   *     {@code http_5xx}, {@code too_large}, {@code blocked_address}, {@code dns}, {@code redirect},
   *     {@code interrupted}
   * @param message what went wrong, for a person
   * @param retryAfter how long the server asked us to wait, or null when it did not say
   */
  record Failed(String kind, String message, Duration retryAfter) implements FetchResult {}
}
