package dev.bellwether.config;

import java.net.URI;

/**
 * The analyst console that {@code bellwether run} serves: where it listens, who may use it, and
 * how much recent history it keeps in memory.
 *
 * @param enabled whether {@code run} serves the console
 * @param bind address to listen on; loopback by default, anything else needs tokens
 * @param port TCP port (0 picks a free port)
 * @param tokensFile file of {@code NAME:TOKEN} lines, one per analyst; empty: none
 * @param tokenEnv environment variable holding one {@code NAME:TOKEN} (or a bare token); empty: none
 * @param recentItems scored items kept in memory and shown
 * @param recentAlerts alerts kept in memory and shown (latest revision of each)
 * @param windowsPerTopic closed windows per topic kept for the sentiment charts
 * @param tailRecords records read back per partition of each topic at start-up, so the page is not empty
 * @param publicUrl the address browsers use when it differs from {@code bind:port}, e.g. behind a
 *     TLS-terminating proxy ({@code https://news.example.com/}); empty: taken from each request's
 *     {@code Host} and the proxy's {@code Forwarded} / {@code X-Forwarded-*} headers
 */
public record ConsoleConfig(
    boolean enabled,
    String bind,
    int port,
    String tokensFile,
    String tokenEnv,
    int recentItems,
    int recentAlerts,
    int windowsPerTopic,
    int tailRecords,
    String publicUrl) {

  /** Checks every value. */
  public ConsoleConfig {
    Check.text("bind", bind);
    Check.port("port", port);
    tokensFile = tokensFile == null ? "" : tokensFile.strip();
    tokenEnv = tokenEnv == null ? "" : tokenEnv.strip();
    Check.atLeast("recent-items", recentItems, 1);
    Check.atLeast("recent-alerts", recentAlerts, 1);
    Check.atLeast("windows-per-topic", windowsPerTopic, 2);
    Check.atLeast("tail-records", tailRecords, 0);
    publicUrl = publicUrl == null ? "" : publicUrl.strip();
    if (!publicUrl.isEmpty()) {
      URI uri;
      try {
        uri = URI.create(publicUrl);
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException("public-url", publicUrl, "is not a URL");
      }
      if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          || uri.getHost() == null) {
        throw new InvalidSettingException("public-url", publicUrl,
            "must be the absolute http or https address browsers open, e.g. https://news.example.com/");
      }
    }
  }
}
