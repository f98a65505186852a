package dev.bellwether.config;

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
    int tailRecords) {

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
  }
}
