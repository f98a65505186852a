package dev.bellwether.config;

import java.time.Duration;

/**
 * The local newswire simulator of the embedded mode: an HTTP server on loopback serving RSS feeds
 * of generated financial headlines.
 *
 * @param enabled whether to start it (and poll it) in embedded mode
 * @param port TCP port on 127.0.0.1 (0 picks a free port)
 * @param seed random seed of the generated news
 * @param history back-dated news served from the start, so that baselines exist
 * @param itemsPerMinute rate of ordinary news, over all companies
 * @param burstCompany ticker of the company hit by the scheduled burst of negative news
 * @param burstStartsAfter when the burst starts, after the simulator starts
 * @param burstDuration how long the burst lasts
 * @param burstItemsPerMinute rate of negative items during the burst
 */
public record SimulatorConfig(
    boolean enabled,
    int port,
    long seed,
    Duration history,
    double itemsPerMinute,
    String burstCompany,
    Duration burstStartsAfter,
    Duration burstDuration,
    double burstItemsPerMinute) {

  /** Checks every value. */
  public SimulatorConfig {
    Check.port("port", port);
    Check.nonNegative("history", history);
    Check.atLeast("items-per-minute", itemsPerMinute, 0.1);
    Check.text("burst-company", burstCompany);
    Check.nonNegative("burst-starts-after", burstStartsAfter);
    Check.nonNegative("burst-duration", burstDuration);
    Check.atLeast("burst-items-per-minute", burstItemsPerMinute, 0.0);
  }
}
