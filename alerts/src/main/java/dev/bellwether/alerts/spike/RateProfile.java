package dev.bellwether.alerts.spike;

import java.util.Arrays;
import java.util.Locale;

/**
 * How many stories, and negative stories, one scope usually has per hour, by hour of the day
 * (UTC), weekdays and weekends apart: what the surge rule expects. Newswires have strong daily and
 * weekly rhythms (a wire may carry five times as much at its peak hour as at night, and half as
 * much on a Sunday), so one flat rate would see a surge every morning and miss one at night.
 *
 * <p>Each of the 48 slots is an exponentially weighted mean, over the last {@code rate-days}
 * occurrences of its hour, of the distinct stories and distinct negative stories first seen in
 * that hour. Hours are folded in as they end; once a slot is trusted (it has
 * {@link #MIN_SLOT_OBSERVATIONS} hours), each counts at most {@link #MAX_FOLD_RATIO} times the
 * slot's mean (or {@link #MAX_FOLD_RATIO} stories), so that a spike teaches the scope little that
 * spikes are normal while a lasting change of level is still learned, at that pace. (Leaving
 * suspected hours out instead would let a baseline that started too low never learn its way up.)
 * Until then the slot learns every hour as it is (an hour with an episode open, at most
 * {@link #MAX_FOLD_RATIO} times what it knew), and the larger of its mean so far and the mean over
 * the last hours (span {@link #OVERALL_SPAN_HOURS}; once it rests on {@link #MIN_SLOT_OBSERVATIONS}
 * hours it too counts an hour at most {@link #MAX_FOLD_RATIO} times its value, so that one spike
 * does not hide the next) stands in for it, raised by its own
 * uncertainty ({@link #expectedPerHour}): while it learns, the profile errs on the side of
 * expecting too much, which makes it slow to alert rather than quick to alarm. The expected
 * negative share is the quotient of the same two means:
 * unlike a share learned from windows that leaves out the suspicious ones, it is not biased low in
 * a quiet scope. Next to the means the profile learns how much wider than Poisson the hourly
 * negative counts scatter around their trusted slot's mean, the dispersion that the surge rule's
 * evidence is divided by, from the hours in which no episode was open (a spike is not noise); it
 * starts at 1 (Poisson) and moves with a span of a week.
 *
 * @param slots mean negative stories per hour of each slot: hour of the day, plus 24 on weekends
 * @param storySlots mean stories per hour of each slot
 * @param slotHours hours folded into each slot
 * @param overall mean negative stories per hour over the last hours
 * @param storyOverall mean stories per hour over the last hours
 * @param overallHours hours folded into {@code overall}
 * @param dispersion weighted mean of the squared standardised residuals of whole hours' negative
 *     counts, within [1, {@link #MAX_DISPERSION}]
 * @param hourStart start (epoch ms) of the hour being counted, {@link Long#MIN_VALUE} before the first
 * @param hourStories stories counted in it so far
 * @param hourNegatives negative stories counted in it so far
 * @param hourCovered milliseconds of it observed so far
 * @param hourInEpisode whether an episode was open during some of it
 */
public record RateProfile(
    double[] slots, double[] storySlots, int[] slotHours, double overall, double storyOverall, long overallHours,
    double dispersion, long hourStart, long hourStories, long hourNegatives, long hourCovered, boolean hourInEpisode) {

  /** Slots: 24 hours of weekdays, then 24 of weekends. */
  static final int SLOTS = 48;

  /** Hours a slot needs before it is trusted over the overall mean. */
  static final int MIN_SLOT_OBSERVATIONS = 3;

  /**
   * Span, in hours, of the overall mean, which stands in for the slots while they learn: short
   * enough to follow the day's rhythm roughly (a day's span would lag the morning rise by hours).
   */
  static final int OVERALL_SPAN_HOURS = 6;

  /** Span, in hours, of the dispersion: about a week. */
  static final int DISPERSION_SPAN_HOURS = 168;

  /** An hour counts in its trusted slot at most this multiple of the slot's mean (at least this many stories). */
  static final double MAX_FOLD_RATIO = 2.0;

  /** Largest dispersion, as for the share baseline. */
  static final double MAX_DISPERSION = 3.0;

  /** A squared residual counts at most this much. */
  static final double MAX_SQUARED_RESIDUAL = 9.0;

  private static final long HOUR_MS = 3_600_000L;

  /**
   * Fills what a state stored before the profile, or a part of it, existed lacks. The arrays are
   * taken as they are, not copied (this runs for every scope at every window advance): nothing
   * changes them once a profile holds them.
   */
  public RateProfile {
    slots = slots == null || slots.length != SLOTS ? new double[SLOTS] : slots;
    storySlots = storySlots == null || storySlots.length != SLOTS ? new double[SLOTS] : storySlots;
    slotHours = slotHours == null || slotHours.length != SLOTS ? new int[SLOTS] : slotHours;
    dispersion = Math.max(1.0, Math.min(MAX_DISPERSION, dispersion));
  }

  /** A profile that has seen nothing. */
  public static RateProfile empty() {
    return new RateProfile(new double[SLOTS], new double[SLOTS], new int[SLOTS], 0.0, 0.0, 0, 1.0, Long.MIN_VALUE, 0,
        0, 0, false);
  }

  /** The slot of the hour (UTC) containing {@code at}. */
  static int slotOf(long at) {
    long hours = Math.floorDiv(at, HOUR_MS);
    long day = Math.floorDiv(hours, 24);
    // 1970-01-01 was a Thursday: day 0 is Thursday, so (day + 3) mod 7 is 0 on Mondays.
    boolean weekend = Math.floorMod(day + 3, 7) >= 5;
    return Math.floorMod(hours, 24) + (weekend ? 24 : 0);
  }

  private boolean trusted(int slot) {
    return slotHours[slot] >= MIN_SLOT_OBSERVATIONS;
  }

  /**
   * Negative stories per hour expected at {@code at}: its slot's mean once the slot is trusted,
   * else the larger of the slot's mean so far and the overall mean, raised by twice the overall
   * mean's relative standard error ({@code 2 / sqrt(n + 1)} for the {@code n} stories it rests on),
   * since a rate learned from the first hour or two of a quiet scope may be off by half; NaN
   * before any hour was folded in.
   */
  public double expectedPerHour(long at) {
    int slot = slotOf(at);
    if (trusted(slot)) {
      return slots[slot];
    }
    if (overallHours == 0) {
      return Double.NaN;
    }
    double stories = overall * Math.min(overallHours, OVERALL_SPAN_HOURS);
    double mean = slotHours[slot] > 0 ? Math.max(slots[slot], overall) : overall;
    return mean * (1 + 2 / Math.sqrt(stories + 1));
  }

  /**
   * The negative share expected at {@code at}: negative stories over stories of the means
   * {@link #expectedPerHour} takes; at least {@link Baseline#SHARE_FLOOR}; NaN before
   * any hour with stories was folded in.
   */
  public double expectedShare(long at) {
    int slot = slotOf(at);
    boolean own = trusted(slot) || slotHours[slot] > 0 && slots[slot] > overall;
    double negatives = own ? slots[slot] : overall;
    double stories = own ? storySlots[slot] : storyOverall;
    if (overallHours == 0 || stories <= 0) {
      return Double.NaN;
    }
    return Math.max(Baseline.SHARE_FLOOR, Math.min(1.0, negatives / stories));
  }

  /**
   * This profile after {@code stories} distinct stories, {@code negatives} of them negative, were
   * first seen in the advance {@code [start, start + length)}, {@code inEpisode} when an episode
   * was open. An hour is folded in once an advance of a later hour comes, if at least half of it
   * was observed.
   */
  public RateProfile observe(long start, long length, long stories, long negatives, boolean inEpisode, int rateDays) {
    long hour = Math.floorDiv(start, HOUR_MS) * HOUR_MS;
    RateProfile p = this;
    if (hourStart != Long.MIN_VALUE && hour != hourStart) {
      p = fold(rateDays);
    }
    return new RateProfile(p.slots, p.storySlots, p.slotHours, p.overall, p.storyOverall, p.overallHours,
        p.dispersion, hour, p.hourStart == hour ? p.hourStories + stories : stories,
        p.hourStart == hour ? p.hourNegatives + negatives : negatives,
        p.hourStart == hour ? p.hourCovered + length : length, (p.hourStart == hour && p.hourInEpisode) || inEpisode);
  }

  /** This profile with the hour being counted folded in (when it may be) and the count cleared. */
  private RateProfile fold(int rateDays) {
    if (hourCovered < HOUR_MS / 2) {
      return new RateProfile(slots, storySlots, slotHours, overall, storyOverall, overallHours, dispersion,
          Long.MIN_VALUE, 0, 0, 0, false);
    }
    int slot = slotOf(hourStart);
    double scale = (double) HOUR_MS / hourCovered;
    double negativesPerHour = hourNegatives * scale;
    double storiesPerHour = hourStories * scale;
    double expected = expectedPerHour(hourStart);
    double nextDispersion = dispersion;
    if (trusted(slot) && hourCovered >= HOUR_MS && !hourInEpisode) {
      double residual = (hourNegatives - expected) * (hourNegatives - expected) / Math.max(expected, 1.0);
      double alpha = 2.0 / (DISPERSION_SPAN_HOURS + 1);
      nextDispersion += alpha * (Math.min(residual, MAX_SQUARED_RESIDUAL) - dispersion);
    }
    double[] nextSlots = slots.clone();
    double[] nextStorySlots = storySlots.clone();
    int[] nextHours = slotHours.clone();
    double slotAlpha = Math.max(2.0 / (rateDays + 1), 1.0 / (slotHours[slot] + 1));
    // An hour with an episode open counts at most twice what the slot knew even before the slot is
    // trusted: a spike is not what the hour is usually like.
    boolean capSlot = trusted(slot) || hourInEpisode && slotHours[slot] > 0;
    nextSlots[slot] += slotAlpha * (capped(negativesPerHour, slots[slot], capSlot) - slots[slot]);
    nextStorySlots[slot] += slotAlpha * (capped(storiesPerHour, storySlots[slot], capSlot) - storySlots[slot]);
    nextHours[slot] = Math.min(Integer.MAX_VALUE - 1, slotHours[slot]) + 1;
    double overallAlpha = Math.max(2.0 / (OVERALL_SPAN_HOURS + 1), 1.0 / (overallHours + 1));
    // The same cap for the overall mean once it rests on as many hours as a trusted slot: it stands
    // in for untrusted slots, and an earlier spike in it would hide the next one.
    boolean capOverall = overallHours >= MIN_SLOT_OBSERVATIONS;
    double nextOverall = overall + overallAlpha * (capped(negativesPerHour, overall, capOverall) - overall);
    double nextStoryOverall = storyOverall + overallAlpha * (capped(storiesPerHour, storyOverall, capOverall) - storyOverall);
    return new RateProfile(nextSlots, nextStorySlots, nextHours, nextOverall, nextStoryOverall, overallHours + 1,
        nextDispersion, Long.MIN_VALUE, 0, 0, 0, false);
  }

  /**
   * What an hour of {@code value} per hour counts in a slot: at most {@link #MAX_FOLD_RATIO} times
   * the slot's mean once the slot is trusted, all of it before.
   */
  private static double capped(double value, double slotMean, boolean trusted) {
    return trusted ? Math.min(value, MAX_FOLD_RATIO * Math.max(slotMean, 1.0)) : value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateProfile r && Arrays.equals(r.slots, slots) && Arrays.equals(r.storySlots, storySlots)
        && Arrays.equals(r.slotHours, slotHours) && r.overall == overall && r.storyOverall == storyOverall
        && r.overallHours == overallHours && r.dispersion == dispersion && r.hourStart == hourStart
        && r.hourStories == hourStories && r.hourNegatives == hourNegatives && r.hourCovered == hourCovered
        && r.hourInEpisode == hourInEpisode;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(slots) * 31 + Arrays.hashCode(slotHours) + Long.hashCode(hourStart);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "RateProfile[overall=%.2f negative of %.2f stories per hour over %d h, dispersion=%.2f]",
        overall, storyOverall, overallHours, dispersion);
  }
}
