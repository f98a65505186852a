package dev.bellwether.config;

import java.util.Map;
import java.util.Objects;

/**
 * What the one-machine embedded mode starts besides the pipeline.
 *
 * @param brokerPort port of the embedded Kafka broker on 127.0.0.1 (0 picks a free port)
 * @param simulator the newswire simulator
 * @param brokerSettings Kafka broker settings put over the embedded broker's own, e.g.
 *     {@code log.retention.check.interval.ms}
 */
public record EmbeddedConfig(int brokerPort, SimulatorConfig simulator, Map<String, String> brokerSettings) {

  /** Checks every value. */
  public EmbeddedConfig {
    Check.port("broker-port", brokerPort);
    Objects.requireNonNull(simulator, "embedded.simulator is missing");
    brokerSettings = brokerSettings == null ? Map.of() : Map.copyOf(brokerSettings);
  }
}
