package dev.bellwether.alerts.spike;

import java.time.Instant;
import java.util.List;

/**
 * Everything the spike rule remembers about one scope between windows: the value of the
 * baseline store.
 *
 * @param baseline what is normal for the scope
 * @param windowsSeen windows observed (empty ones included)
 * @param lastWindowEnd end of the last window handled, null before the first
 * @param episode the open episode, or null
 * @param pending the latest windows, oldest first, not yet folded into the baseline because they
 *     overlap the window being measured
 * @param evidence the sequential rule's running evidence; absent in a state stored before it
 *     existed, read as none
 * @param rates negative stories per hour by hour of the day, what the surge rule expects; absent
 *     in a state stored before it existed, read as not yet learned
 * @param surges the surge rule's running evidence, one per multiple in {@code surge-ratios};
 *     absent in older states, read as none
 * @param emergence the emerging rule's memory; absent in older states, read as nothing seen
 */
public record ScopeState(
    Baseline baseline, long windowsSeen, Instant lastWindowEnd, Episode episode, List<Pending> pending,
    Evidence evidence, RateProfile rates, List<Surge> surges, Emergence emergence) {

  /**
   * A window waiting to be folded into the baseline.
   *
   * @param negativeStories its distinct negative stories
   * @param stories its distinct stories
   * @param suspicious whether it scored at the watch level or fell in an episode, so that it must
   *     never be folded in
   */
  public record Pending(long negativeStories, long stories, boolean suspicious) {}

  /**
   * Copies the pending list; a state stored before it, the evidence, the rates, the surge or the
   * emergence existed has none.
   */
  public ScopeState {
    pending = pending == null ? List.of() : List.copyOf(pending);
    evidence = evidence == null ? Evidence.NONE : evidence;
    rates = rates == null ? RateProfile.empty() : rates;
    surges = surges == null ? List.of() : List.copyOf(surges);
    emergence = emergence == null ? Emergence.NONE : emergence;
  }

  /** The state of a scope never seen. */
  public static ScopeState initial() {
    return new ScopeState(Baseline.empty(), 0, null, null, List.of(), Evidence.NONE, RateProfile.empty(), List.of(),
        Emergence.NONE);
  }
}
