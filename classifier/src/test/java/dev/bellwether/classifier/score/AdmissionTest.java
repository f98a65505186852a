package dev.bellwether.classifier.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.event.RawNewsItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private final Admission admission =
      new Admission(1024 * 1024, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

  private static RawNewsItem published(Instant at) {
    return RawNewsItem.of("id-1", "test", "", "Acme rises", "", at, at, List.of());
  }

  @Test
  void admitsAnOrdinaryItem() {
    assertThat(admission.refusal("id-1", new byte[300], published(NOW.minusSeconds(60)))).isNull();
  }

  @Test
  void refusesARecordTooLargeToWriteScoredNamingTheLimitAndTheSetting() {
    String reason = admission.refusal("id-1", new byte[1024 * 1024 - 1000], published(NOW));
    assertThat(reason).contains("1047580 bytes").contains("1032192").contains("max.request.size");
  }

  @Test
  void refusesAKeyTheBufferCannotHold() {
    assertThat(admission.refusal("k".repeat(20_000), new byte[10], published(NOW))).startsWith("key of 20000 bytes");
  }

  @Test
  void refusesItemsPublishedBeyondTheSkewButTakesAnyPast() {
    assertThat(admission.refusal("id-1", new byte[10], published(NOW.plus(Duration.ofMinutes(59))))).isNull();
    assertThat(admission.refusal("id-1", new byte[10], published(NOW.plus(Duration.ofMinutes(61)))))
        .contains("more than 1h in the future").contains("classifier.max-future-skew");
    // Event time travels in the payload: news from before 1970 is history like any other.
    assertThat(admission.refusal("id-1", new byte[10], published(Instant.parse("1900-01-01T00:00:00Z")))).isNull();
  }

  @Test
  void readsTheProducerLimitFromTheApplicationsSettings() {
    assertThat(Admission.maxRequestBytes(Map.of())).isEqualTo(Admission.DEFAULT_MAX_REQUEST_BYTES);
    assertThat(Admission.maxRequestBytes(Map.of("max.request.size", "2000000"))).isEqualTo(2_000_000);
    assertThat(Admission.maxRequestBytes(Map.of("max.request.size", "2000000", "producer.max.request.size", 3_000_000)))
        .isEqualTo(3_000_000);
  }
}
