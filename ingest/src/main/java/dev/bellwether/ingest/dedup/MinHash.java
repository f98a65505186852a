package dev.bellwether.ingest.dedup;

import java.util.Arrays;

/**
 * MinHash signatures of feature sets: for each of {@link StoryClusterer#HASHES} seeded hash
 * functions, the least hash over the set. The share of equal positions in two signatures estimates
 * the Jaccard similarity of the two sets. Seeds are fixed, so signatures are the same in every run.
 *
 * <p>The features are already well-mixed 64-bit hashes, so each hash function is a multiply-add
 * with its own random odd multiplier and offset, keeping the high 32 bits (multiply-shift hashing):
 * one multiplication per feature and function instead of a full 64-bit finaliser.
 *
 * <p>A signature keeps the low 16 bits of each minimum (b-bit MinHash), four to a {@code long}, so
 * that one band of {@link StoryClusterer#ROWS} = 4 rows is one {@code long} and a whole signature
 * is 128 bytes: verifying a candidate reads two cache lines instead of four. Two different minima
 * agree in their low 16 bits with probability 2^-16, which lifts an estimate by about 0.00001.
 */
final class MinHash {

  private static final long[] MULTIPLIERS = new long[StoryClusterer.HASHES];
  private static final long[] OFFSETS = new long[StoryClusterer.HASHES];

  static {
    for (int i = 0; i < MULTIPLIERS.length; i++) {
      MULTIPLIERS[i] = StoryText.mix((i + 1) * 0x9E3779B97F4A7C15L) | 1L;
      OFFSETS[i] = StoryText.mix((i + 1) * 0xC2B2AE3D27D4EB4FL);
    }
  }

  private MinHash() {}

  /** Longs of a signature. */
  static final int LONGS = StoryClusterer.HASHES / 4;
  private static final long LOW_15 = 0x7FFF7FFF7FFF7FFFL;

  /** The signature of {@code features}, {@link #LONGS} longs of four 16-bit positions; all ones for an empty set. */
  static long[] signature(long[] features) {
    long[] min = new long[MULTIPLIERS.length];
    Arrays.fill(min, 0xFFFFFFFFL);
    for (long f : features) {
      for (int i = 0; i < min.length; i++) {
        min[i] = Math.min(min[i], (f * MULTIPLIERS[i] + OFFSETS[i]) >>> 32);
      }
    }
    long[] sig = new long[LONGS];
    for (int i = 0; i < min.length; i++) {
      sig[i >> 2] |= (min[i] & 0xFFFFL) << ((i & 3) << 4);
    }
    return sig;
  }

  /** The share of equal positions of the signatures at {@code a[aOffset..]} and {@code b[bOffset..]}. */
  static double similarity(long[] a, int aOffset, long[] b, int bOffset) {
    return (double) same(a, aOffset, b, bOffset, 0) / MULTIPLIERS.length;
  }

  /**
   * The number of equal positions of the two signatures, or -1 as soon as it is clear that fewer
   * than {@code atLeast} are equal: most candidates of a lookup are boilerplate collisions far
   * below the threshold.
   */
  static int same(long[] a, int aOffset, long[] b, int bOffset, int atLeast) {
    int allowedMisses = MULTIPLIERS.length - atLeast;
    int misses = 0;
    for (int i = 0; i < LONGS; i++) {
      long x = a[aOffset + i] ^ b[bOffset + i];
      // The top bit of each 16-bit lane ends up set exactly when the lane of x is zero (equal positions).
      long zero = ~(((x & LOW_15) + LOW_15) | x | LOW_15);
      misses += 4 - Long.bitCount(zero);
      if (misses > allowedMisses) {
        return -1;
      }
    }
    return MULTIPLIERS.length - misses;
  }
}
