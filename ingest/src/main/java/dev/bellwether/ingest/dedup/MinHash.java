package dev.bellwether.ingest.dedup;

/**
 * MinHash signatures of feature sets: for each of {@link StoryClusterer#HASHES} seeded hash
 * functions, the least hash over the set. The share of equal positions in two signatures estimates
 * the Jaccard similarity of the two sets. Seeds are fixed, so signatures are the same in every run.
 */
final class MinHash {

  private static final long[] SEEDS = new long[StoryClusterer.HASHES];

  static {
    for (int i = 0; i < SEEDS.length; i++) {
      SEEDS[i] = StoryText.mix((i + 1) * 0x9E3779B97F4A7C15L);
    }
  }

  private MinHash() {}

  /** The signature of {@code features}; all positions {@link Integer#MAX_VALUE} for an empty set. */
  static int[] signature(long[] features) {
    int[] sig = new int[SEEDS.length];
    java.util.Arrays.fill(sig, Integer.MAX_VALUE);
    for (long f : features) {
      for (int i = 0; i < SEEDS.length; i++) {
        int h = (int) (StoryText.mix(f ^ SEEDS[i]) >>> 32);
        if (h < sig[i]) {
          sig[i] = h;
        }
      }
    }
    return sig;
  }

  /** The share of equal positions of the signatures at {@code a[aOffset..]} and {@code b[bOffset..]}. */
  static double similarity(int[] a, int aOffset, int[] b, int bOffset) {
    int same = 0;
    for (int i = 0; i < SEEDS.length; i++) {
      if (a[aOffset + i] == b[bOffset + i]) {
        same++;
      }
    }
    return (double) same / SEEDS.length;
  }
}
