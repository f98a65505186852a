package dev.bellwether.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-11-02T14:00:00Z");

  @Test
  void readsSecondsOrAnHttpDateAsAWaitFromNow() {
    assertThat(RetryAfter.wait("120", NOW)).isEqualTo(Duration.ofMinutes(2));
    assertThat(RetryAfter.wait(" 0 ", NOW)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.wait("Mon, 02 Nov 2026 14:02:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(2));
    assertThat(RetryAfter.wait("Mon, 02 Nov 2026 13:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void ignoresWhatIsNotAWait() {
    assertThat(RetryAfter.wait(null, NOW)).isNull();
    assertThat(RetryAfter.wait("  ", NOW)).isNull();
    assertThat(RetryAfter.wait("-5", NOW)).isNull();
    assertThat(RetryAfter.wait("soon", NOW)).isNull();
  }
}
