package dev.bellwether.ingest.fetch;

import dev.bellwether.config.IngestConfig;
import dev.bellwether.http.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches feed bodies over HTTP(S) with conditional GET, a size cap, a deadline, and redirects
 * followed by hand so that every hop passes the same scheme and address checks ({@link AddressGuard}).
 */
public final class FeedFetcher {

  /** Longest {@code Retry-After} honoured; a server asking for more is polled again after this. */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
  private static final int MAX_REDIRECTS = 5;

  private final HttpClient client;
  private final IngestConfig config;
  private final AddressGuard guard;
  private final Clock clock;

  /** A fetcher with the timeouts, User-Agent, size cap and address policy of {@code config}. */
  public FeedFetcher(IngestConfig config, Clock clock) {
    this.config = config;
    this.guard = AddressGuard.forFeeds(config);
    this.clock = clock;
    this.client = HttpClient.newBuilder()
        .connectTimeout(config.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Fetches {@code url}, sending {@code validators} so that an unchanged feed answers 304. Never throws. */
  public FetchResult fetch(String url, Validators validators) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return new FetchResult.Failed("bad_url", "not a URL: " + url, null);
    }
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Optional<FetchResult.Failed> refused = check(uri);
      if (refused.isPresent()) {
        return refused.get();
      }
      HttpResponse<byte[]> response;
      try {
        response = send(request(uri, validators));
      } catch (Failure f) {
        return f.failed;
      }
      int status = response.statusCode();
      if (status == 304) {
        return new FetchResult.NotModified();
      }
      if (status >= 200 && status < 300) {
        return new FetchResult.Fetched(response.body(), new Validators(
            response.headers().firstValue("ETag").orElse(null),
            response.headers().firstValue("Last-Modified").orElse(null)));
      }
      if (isRedirect(status)) {
        Optional<String> location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
          return new FetchResult.Failed("redirect", "HTTP " + status + " without a Location from " + uri, null);
        }
        try {
          uri = uri.resolve(location.get().trim());
        } catch (IllegalArgumentException e) {
          return new FetchResult.Failed("redirect", "bad Location '" + location.get() + "' from " + uri, null);
        }
        continue;
      }
      Duration retryAfter = status == 429 || status == 503
          ? response.headers().firstValue("Retry-After").map(this::retryAfter).orElse(null)
          : null;
      return new FetchResult.Failed(status < 500 ? "http_4xx" : "http_5xx", "HTTP " + status + " from " + uri, retryAfter);
    }
    return new FetchResult.Failed("redirect", "more than " + MAX_REDIRECTS + " redirects from " + url, null);
  }

  private Optional<FetchResult.Failed> check(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      return Optional.of(new FetchResult.Failed("bad_url", "only absolute http and https URLs are fetched: " + uri, null));
    }
    try {
      return guard.refusal(uri).map(reason -> new FetchResult.Failed("blocked_address", reason + " (" + uri
          + "); set allow-private-address: true on the feed whose URL this is, exactly, or"
          + " ingest.allow-private-addresses: true for every feed and article", null));
    } catch (UnknownHostException e) {
      return Optional.of(new FetchResult.Failed("dns", "unknown host " + uri.getHost(), null));
    }
  }

  private HttpRequest request(URI uri, Validators validators) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .GET()
        .timeout(config.requestTimeout())
        .header("User-Agent", config.userAgent())
        .header("Accept", "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1");
    if (validators.etag() != null) {
      builder.header("If-None-Match", validators.etag());
    }
    if (validators.lastModified() != null) {
      builder.header("If-Modified-Since", validators.lastModified());
    }
    return builder.build();
  }

  /** Sends with one deadline for the whole exchange: the request timeout stops at the headers, a slow body must stop too. */
  private HttpResponse<byte[]> send(HttpRequest request) throws Failure {
    CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, BoundedBody.atMost(config.maxBodyBytes()));
    long deadline = config.requestTimeout().toMillis() * 2;
    try {
      return future.get(deadline, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new Failure("timeout", "no complete answer from " + request.uri() + " within " + deadline + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new Failure("interrupted", "interrupted while fetching " + request.uri());
    } catch (ExecutionException e) {
      throw classify(request.uri(), e.getCause());
    }
  }

  private static Failure classify(URI uri, Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BoundedBody.TooLargeException) {
        return new Failure("too_large", uri + ": " + t.getMessage());
      }
      if (t instanceof HttpTimeoutException) {
        return new Failure("timeout", uri + ": " + t.getMessage());
      }
    }
    String detail = error instanceof IOException && error.getMessage() != null ? error.getMessage() : String.valueOf(error);
    return new Failure("io", uri + ": " + detail);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** A {@code Retry-After} value (seconds or an HTTP date) as a wait of 0 to {@link #MAX_RETRY_AFTER}; null when unreadable. */
  Duration retryAfter(String value) {
    Duration wait = RetryAfter.wait(value, clock.instant());
    return wait == null || wait.compareTo(MAX_RETRY_AFTER) <= 0 ? wait : MAX_RETRY_AFTER;
  }

  /** A failed exchange, carried out of {@link #send} as its result. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient FetchResult.Failed failed;

    Failure(String kind, String message) {
      super(message, null, false, false);
      this.failed = new FetchResult.Failed(kind, message, null);
    }
  }
}
