package dev.bellwether.console;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The same-origin rule of the console's state-changing requests (login, logout, feedback): a
 * request that sends an {@code Origin} must send the console's own, as the browser saw it.
 *
 * <p>Behind a TLS-terminating proxy the browser's origin is {@code https://public.host}, while the
 * console itself is reached over plain HTTP, so its own origin is taken from, in order:
 * {@code console.public-url} when set (then only that origin is accepted); else the scheme and
 * host the proxy forwarded ({@code Forwarded: proto=...;host=...} of RFC 7239, or
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}), each falling back to {@code http} and
 * the {@code Host} header. Trusting those headers here is safe: a cross-site page can make a
 * browser send neither them nor another {@code Host}, and a client that is not a browser can send
 * any {@code Origin} anyway, so the rule is only ever a defence against browsers. Default ports
 * are equal to none ({@code https://h} is {@code https://h:443}).
 */
final class SameOrigin {

  private final Optional<String> publicOrigin;

  /** The rule for a console whose public address is {@code publicUrl} (empty: taken from each request). */
  SameOrigin(String publicUrl) {
    this.publicOrigin = publicUrl == null || publicUrl.isBlank() ? Optional.empty()
        : Optional.of(origin(URI.create(publicUrl.strip())));
  }

  /** Whether a request with these headers sends no {@code Origin}, or the console's own. */
  boolean allows(Headers headers) {
    String origin = headers.getFirst("Origin");
    if (origin == null) {
      return true;
    }
    Optional<String> own = own(headers);
    try {
      return own.isPresent() && own.get().equals(origin(URI.create(origin.strip())));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether the browser reaches the console over HTTPS, so that its cookies must be {@code Secure}. */
  boolean secure(Headers headers) {
    return own(headers).map(o -> o.startsWith("https://")).orElse(false);
  }

  /** The console's own origin as the browser sees it, or empty when the request names no host. */
  private Optional<String> own(Headers headers) {
    if (publicOrigin.isPresent()) {
      return publicOrigin;
    }
    String forwarded = headers.getFirst("Forwarded");
    String proto = first(forwardedParameter(forwarded, "proto"), first(headers.getFirst("X-Forwarded-Proto"), "http"));
    String host = first(forwardedParameter(forwarded, "host"),
        first(headers.getFirst("X-Forwarded-Host"), headers.getFirst("Host")));
    if (host == null || host.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(origin(URI.create(proto.strip().toLowerCase(Locale.ROOT) + "://" + host.strip())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code scheme://host[:port]} in lower case, without a default port. */
  static String origin(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("no host in " + uri);
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }

  /** The first value of a comma-separated header, or {@code fallback} when there is none. */
  private static String first(String value, String fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return value.split(",", 2)[0].strip();
  }

  /** A parameter of the first element of an RFC 7239 {@code Forwarded} header, unquoted; null when absent. */
  static String forwardedParameter(String forwarded, String name) {
    if (forwarded == null) {
      return null;
    }
    for (String pair : forwarded.split(",", 2)[0].split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase(name)) {
        String value = pair.substring(eq + 1).strip();
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
            ? value.substring(1, value.length() - 1) : value;
      }
    }
    return null;
  }
}
