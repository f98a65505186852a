package dev.bellwether.config;

/**
 * The Prometheus metrics endpoint.
 *
 * @param enabled whether to serve {@code /metrics}
 * @param host address to bind; loopback by default
 * @param port TCP port (0 picks a free port)
 */
public record MetricsConfig(boolean enabled, String host, int port) {

  /** Checks every value. */
  public MetricsConfig {
    Check.text("host", host);
    Check.port("port", port);
  }
}
