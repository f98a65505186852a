package dev.bellwether.config;

import java.time.Duration;
import java.util.List;

/**
 * The feed poller.
 *
 * @param feeds feeds to poll
 * @param userAgent User-Agent header sent with every request
 * @param requestTimeout connect and read timeout of one request
 * @param maxBodyBytes largest feed body read; larger bodies are refused
 * @param allowPrivateAddresses whether feeds on loopback or private addresses may be polled
 */
public record IngestConfig(
    List<FeedConfig> feeds,
    String userAgent,
    Duration requestTimeout,
    int maxBodyBytes,
    boolean allowPrivateAddresses) {

  /** Checks every value. */
  public IngestConfig {
    feeds = feeds == null ? List.of() : List.copyOf(feeds);
    Check.text("user-agent", userAgent);
    Check.positive("request-timeout", requestTimeout);
    Check.atLeast("max-body-bytes", maxBodyBytes, 1024);
  }

  /** A copy with {@code extra} feeds added. */
  public IngestConfig withFeeds(List<FeedConfig> extra, boolean allowPrivate) {
    List<FeedConfig> all = new java.util.ArrayList<>(feeds);
    all.addAll(extra);
    return new IngestConfig(all, userAgent, requestTimeout, maxBodyBytes, allowPrivate);
  }
}
