package dev.bellwether.config;

import java.util.Objects;

/**
 * What the one-machine embedded mode starts besides the pipeline.
 *
 * @param brokerPort port of the embedded Kafka broker on 127.0.0.1 (0 picks a free port)
 * @param simulator the newswire simulator
 */
public record EmbeddedConfig(int brokerPort, SimulatorConfig simulator) {

  /** Checks every value. */
  public EmbeddedConfig {
    Check.port("broker-port", brokerPort);
    Objects.requireNonNull(simulator, "embedded.simulator is missing");
  }
}
