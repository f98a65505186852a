package dev.bellwether.alerts.spike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The negative stories per hour a scope usually has, by hour of the day, weekdays and weekends apart. */
class RateProfileTest {

  /** A Monday at midnight. */
  private static final Instant MONDAY = Instant.parse("2026-11-30T00:00:00Z");
  private static final long MINUTE = 60_000L;

  /**
   * {@code profile} after {@code hours} hours from {@code from}: in each, {@code perHour} of the
   * hour's index since {@link #MONDAY} gives how many of its minutes add a negative story.
   */
  private static RateProfile feed(RateProfile profile, Instant from, int hours, java.util.function.IntUnaryOperator perHour) {
    RateProfile p = profile;
    long start = from.toEpochMilli();
    int first = (int) Duration.between(MONDAY, from).toHours();
    for (int h = 0; h < hours; h++) {
      int n = perHour.applyAsInt(first + h);
      for (int m = 0; m < 60; m++) {
        p = p.observe(start + (h * 60L + m) * MINUTE, MINUTE, 2, m < n ? 1 : 0, false, 7);
      }
    }
    return p;
  }

  @Test
  void learnsEachHourOfTheDayOnItsOwnOnceItHasSeenThreeOfThem() {
    RateProfile p = feed(RateProfile.empty(), MONDAY, 24 * 4, h -> h % 24 >= 9 && h % 24 < 17 ? 20 : 2);
    long tuesdayTen = MONDAY.plus(Duration.ofHours(24 + 10)).toEpochMilli();
    long tuesdayThree = MONDAY.plus(Duration.ofHours(24 + 3)).toEpochMilli();
    assertThat(p.expectedPerHour(tuesdayTen)).as("the first mornings count at most 4 times the night's rate")
        .isBetween(17.0, 20.0);
    assertThat(p.expectedPerHour(tuesdayThree)).isCloseTo(2.0, within(0.01));
  }

  @Test
  void keepsWeekendsApartAndUsesTheOverallMeanForHoursItHasNotLearned() {
    RateProfile weekdays = feed(RateProfile.empty(), MONDAY, 24 * 5, h -> 10);
    long saturdayNoon = MONDAY.plus(Duration.ofDays(5)).plus(Duration.ofHours(12)).toEpochMilli();
    assertThat(weekdays.expectedPerHour(saturdayNoon)).as("no weekend hour learned: the overall mean, raised by its error")
        .isCloseTo(10.0 * (1 + 2 / Math.sqrt(61)), within(0.5));
    RateProfile weekend = feed(weekdays, MONDAY.plus(Duration.ofDays(5)), 24 * 2, h -> 2);
    assertThat(weekend.slotHours()[12 + 24]).isEqualTo(2);
    RateProfile nextWeekend = feed(weekend, MONDAY.plus(Duration.ofDays(7)), 24 * 5, h -> 10);
    nextWeekend = feed(nextWeekend, MONDAY.plus(Duration.ofDays(12)), 24, h -> 2);
    long nextSunday = MONDAY.plus(Duration.ofDays(13)).plus(Duration.ofHours(12)).toEpochMilli();
    assertThat(nextWeekend.expectedPerHour(nextSunday)).isCloseTo(2.0, within(0.01));
    long nextMonday = MONDAY.plus(Duration.ofDays(14)).plus(Duration.ofHours(12)).toEpochMilli();
    assertThat(nextWeekend.expectedPerHour(nextMonday)).isCloseTo(10.0, within(0.01));
  }

  @Test
  void anHourOfSpikeTeachesAtMostTwiceWhatWasExpected() {
    RateProfile calm = feed(RateProfile.empty(), MONDAY, 24 * 4, h -> 5);
    long fridayNine = MONDAY.plus(Duration.ofDays(4)).plus(Duration.ofHours(9)).toEpochMilli();
    double before = calm.expectedPerHour(fridayNine);
    RateProfile spiked = feed(calm, MONDAY.plus(Duration.ofDays(4)).plus(Duration.ofHours(9)), 1, h -> 60);
    spiked = spiked.observe(fridayNine + 61 * MINUTE, MINUTE, 2, 0, false, 7);
    long nextDayNine = fridayNine + Duration.ofDays(3).toMillis();
    assertThat(spiked.expectedPerHour(nextDayNine)).as("the slot moved by a quarter of (2 x 5 - 5)")
        .isCloseTo(before + 0.25 * 5, within(0.01));
  }

  @Test
  void aSpikeBeforeTheSlotsAreTrustedDoesNotRaiseTheRateTheNextHoursExpect() {
    // A first morning: eight calm hours, then an hour of spike with an episode open.
    RateProfile calm = feed(RateProfile.empty(), MONDAY, 8, h -> 5);
    long eight = MONDAY.plus(Duration.ofHours(8)).toEpochMilli();
    RateProfile spiked = calm;
    for (int m = 0; m < 60; m++) {
      spiked = spiked.observe(eight + m * MINUTE, MINUTE, 2, 1, true, 7);
    }
    spiked = spiked.observe(eight + 60 * MINUTE, MINUTE, 2, 0, false, 7);
    long ten = MONDAY.plus(Duration.ofHours(10)).toEpochMilli();
    double error = 1 + 2 / Math.sqrt(spiked.overall() * 6 + 1);
    assertThat(spiked.overall()).as("the spike counts twice the overall mean, not 60 stories")
        .isCloseTo(5 + 2.0 / 7 * (10 - 5), within(0.01));
    assertThat(spiked.expectedPerHour(ten)).isCloseTo(spiked.overall() * error, within(0.01));
    assertThat(spiked.slots()[8]).as("its own slot knew nothing of the hour, so it takes the hour as it came")
        .isCloseTo(60.0, within(0.01));
  }

  @Test
  void doesNotFoldAnHourMostlyUnobservedAndKnowsNothingBeforeTheFirstHour() {
    assertThat(RateProfile.empty().expectedPerHour(MONDAY.toEpochMilli())).isNaN();
    RateProfile p = RateProfile.empty();
    for (int m = 50; m < 60; m++) {
      p = p.observe(MONDAY.toEpochMilli() + m * MINUTE, MINUTE, 1, 1, false, 7);
    }
    p = p.observe(MONDAY.toEpochMilli() + 60 * MINUTE, MINUTE, 1, 0, false, 7);
    assertThat(p.overallHours()).isZero();
  }

  @Test
  void expectsTheShareOfItsOwnHoursUnbiasedByQuietOnes() {
    RateProfile p = feed(RateProfile.empty(), MONDAY, 24 * 4, h -> h % 24 >= 9 && h % 24 < 17 ? 30 : 3);
    long tuesdayTen = MONDAY.plus(Duration.ofHours(24 + 10)).toEpochMilli();
    long tuesdayThree = MONDAY.plus(Duration.ofHours(24 + 3)).toEpochMilli();
    assertThat(p.expectedShare(tuesdayTen)).as("30 negative of 120 stories an hour").isCloseTo(0.25, within(0.02));
    assertThat(p.expectedShare(tuesdayThree)).as("3 of 120, floored").isEqualTo(Baseline.SHARE_FLOOR);
    assertThat(RateProfile.empty().expectedShare(tuesdayTen)).isNaN();
  }

  @Test
  void putsEachHourInItsSlotWeekendsApart() {
    for (int day = 0; day < 14; day++) {
      for (int hour = 0; hour < 24; hour++) {
        java.time.ZonedDateTime t = MONDAY.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour)).plusSeconds(1799)
            .atZone(java.time.ZoneOffset.UTC);
        boolean weekend = t.getDayOfWeek().getValue() >= 6;
        assertThat(RateProfile.slotOf(t.toInstant().toEpochMilli())).as(t.toString()).isEqualTo(hour + (weekend ? 24 : 0));
      }
    }
    assertThat(RateProfile.slotOf(Instant.parse("1969-12-31T23:00:00Z").toEpochMilli())).as("a Wednesday").isEqualTo(23);
  }

  @Test
  void learnsHowMuchWiderThanPoissonTheHourlyCountsScatter() {
    RateProfile steady = feed(RateProfile.empty(), MONDAY, 24 * 7, h -> 10);
    RateProfile lumpy = feed(RateProfile.empty(), MONDAY, 24 * 7, h -> h % 5 == 0 ? 30 : 5);
    assertThat(steady.dispersion()).isEqualTo(1.0);
    assertThat(lumpy.dispersion()).isGreaterThan(2.0);
  }
}
