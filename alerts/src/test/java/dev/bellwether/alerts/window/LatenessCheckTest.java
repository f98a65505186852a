package dev.bellwether.alerts.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.config.WindowConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatenessCheckTest {

  private final LatenessCheck check = new LatenessCheck(
      new WindowConfig(Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofSeconds(30)),
      new SimpleMeterRegistry().counter("late"));

  @Test
  void isLateOnlyWhenItsLatestWindowClosedBeyondGrace() {
    long minute = 60_000;
    long streamTime = 100 * minute + 30_000;
    // latest window [85m, 100m) ends at stream time - grace: closed
    assertThat(check.isLate(85 * minute + 59_999, streamTime)).isTrue();
    // latest window [86m, 101m) is open
    assertThat(check.isLate(86 * minute, streamTime)).isFalse();
    assertThat(check.isLate(streamTime, streamTime)).isFalse();
  }
}
