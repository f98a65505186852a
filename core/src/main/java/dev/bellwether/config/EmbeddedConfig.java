package dev.bellwether.config;

import java.util.Map;
import java.util.Objects;

/**
 * What the one-machine embedded mode starts besides the pipeline.
 *
 * @param brokerPort port of the embedded Kafka broker on 127.0.0.1 (0 picks a free port); the
 *     default, {@value #DEFAULT_BROKER_PORT}, falls back to a free port when it is taken
 * @param simulator the newswire simulator
 * @param brokerSettings Kafka broker settings put over the embedded broker's own, e.g.
 *     {@code log.retention.check.interval.ms}
 */
public record EmbeddedConfig(int brokerPort, SimulatorConfig simulator, Map<String, String> brokerSettings) {

  /** The default broker port: the same on every run, so that ops commands can rely on it. */
  public static final int DEFAULT_BROKER_PORT = 9192;

  /** Checks every value. */
  public EmbeddedConfig {
    Check.port("broker-port", brokerPort);
    Objects.requireNonNull(simulator, "embedded.simulator is missing");
    brokerSettings = brokerSettings == null ? Map.of() : Map.copyOf(brokerSettings);
  }
}
