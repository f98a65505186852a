package dev.bellwether.ops.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Command-line times and the half-open range they make. */
class TimeRangeTest {

  @Test
  void readsInstantsOffsetsLocalTimesAsUtcAndDates() {
    assertThat(TimeRange.instant("--from", "2026-11-29T08:00:00Z")).isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
    assertThat(TimeRange.instant("--from", "2026-11-29T09:00:00+01:00")).isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
    assertThat(TimeRange.instant("--from", "2026-11-29T08:00")).isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
    assertThat(TimeRange.instant("--from", "2026-11-29")).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
  }

  @Test
  void includesItsStartAndExcludesItsEnd() {
    TimeRange day = TimeRange.parse("2026-11-29", "2026-11-30");
    assertThat(day.contains(Instant.parse("2026-11-29T00:00:00Z").toEpochMilli())).isTrue();
    assertThat(day.contains(Instant.parse("2026-11-30T00:00:00Z").toEpochMilli())).isFalse();
    assertThat(TimeRange.parse(null, null).contains(0L)).isTrue();
  }

  @Test
  void badTimesAndEmptyRangesNameTheOption() {
    assertThatThrownBy(() -> TimeRange.parse("yesterday", null)).hasMessageContaining("--from yesterday is not a time");
    assertThatThrownBy(() -> TimeRange.parse("2026-11-30", "2026-11-29")).hasMessageContaining("is not before --to");
  }
}
