package dev.bellwether.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.config.AlertsConfig;
import dev.bellwether.config.WindowConfig;
import dev.bellwether.config.WindowOverride;
import dev.bellwether.event.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Windows that differ per scope kind: windows of their own size and advance. */
class WindowsByKindTest {

  private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");

  private static AlertsConfig entityWindows(Duration size, Duration advance) {
    AlertsConfig shipped = AlertingHarness.config(3);
    WindowConfig general = shipped.window();
    WindowConfig window = new WindowConfig(general.size(), general.advance(), general.grace(),
        Map.of("entity", new WindowOverride(size, advance, null)));
    return new AlertsConfig(window, shipped.spike(), shipped.topHeadlines(), shipped.gaugeTopEntities());
  }

  @Test
  void entityWindowsHaveTheirOwnSizeAndAdvance() {
    NewsGenerator news = new NewsGenerator(23);
    try (AlertingHarness harness = new AlertingHarness(entityWindows(Duration.ofMinutes(30), Duration.ofMinutes(5)))) {
      harness.pipe(news.calm(T0, Duration.ofHours(2), 8));

      WindowStats entity = harness.windowsFor("entity:ACME").get(0);
      WindowStats topic = harness.windows.stream().map(r -> r.value()).filter(w -> w.scope().startsWith("topic:"))
          .findFirst().orElseThrow();
      assertThat(Duration.between(entity.windowStart(), entity.windowEnd())).isEqualTo(Duration.ofMinutes(30));
      assertThat(entity.windowStart().getEpochSecond() % 300).as("starts on the 5-minute advance").isZero();
      assertThat(Duration.between(topic.windowStart(), topic.windowEnd())).isEqualTo(Duration.ofMinutes(15));
    }
  }
}
