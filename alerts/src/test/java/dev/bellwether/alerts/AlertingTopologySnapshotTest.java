package dev.bellwether.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The described topology against its checked-in snapshot, so that renaming a processor, a store or
 * the repartition topic (which orphans state) is a visible, reviewed change.
 */
class AlertingTopologySnapshotTest {

  private static final String SNAPSHOT = "/alerting-topology.txt";

  @Test
  void topologyMatchesCheckedInSnapshot() throws IOException {
    String actual =
        AlertingTopology.build(AlertingHarness.config(3), new SimpleMeterRegistry()).describe().toString();
    // Written next to the build output so an intended change can be reviewed and copied over.
    Files.writeString(Path.of("target", "alerting-topology.actual.txt"), actual, StandardCharsets.UTF_8);
    String expected;
    try (InputStream in = getClass().getResourceAsStream(SNAPSHOT)) {
      assertThat(in).as("snapshot %s on the test classpath", SNAPSHOT).isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(actual.strip())
        .as("topology differs from src/test/resources%s; if intended, copy target/alerting-topology.actual.txt", SNAPSHOT)
        .isEqualTo(expected.strip());
    assertThat(actual).contains("alerts-by-scope-repartition").doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
  }
}
