package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.config.NotifierConfig;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Exponential backoff with equal jitter, capped, raised by Retry-After. */
class BackoffTest {

  private final NotifierConfig.Retry retry = new NotifierConfig.Retry(6, Duration.ofMillis(100), Duration.ofMillis(1000));

  @Test
  void doublesFromTheInitialBackoffWithinItsJitterBandUpToTheMaximum() {
    Backoff low = new Backoff(retry, () -> 0.0);
    Backoff high = new Backoff(retry, () -> 0.999_999);
    long[] ceilings = {100, 200, 400, 800, 1000, 1000};
    for (int attempt = 1; attempt <= ceilings.length; attempt++) {
      long ceiling = ceilings[attempt - 1];
      assertThat(low.after(attempt, Optional.empty())).isEqualTo(Duration.ofMillis(ceiling - ceiling / 2));
      assertThat(high.after(attempt, Optional.empty()).toMillis()).isBetween(ceiling - 1, ceiling);
    }
  }

  @Test
  void retryAfterRaisesTheWaitButNotPastTheMaximum() {
    Backoff backoff = new Backoff(retry, () -> 0.0);
    assertThat(backoff.after(1, Optional.of(Duration.ofMillis(700)))).isEqualTo(Duration.ofMillis(700));
    assertThat(backoff.after(1, Optional.of(Duration.ofSeconds(30)))).isEqualTo(Duration.ofMillis(1000));
    assertThat(backoff.after(3, Optional.of(Duration.ofMillis(10)))).isEqualTo(Duration.ofMillis(200));
  }
}
