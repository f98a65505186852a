package dev.bellwether.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured path: texts per second over the whole run and the p50/p99 of its per-call (per
 * batch, per text or per record) latencies.
 *
 * @param textsPerSecond texts processed per second of wall time
 * @param p50Millis median latency of one call, in milliseconds
 * @param p99Millis 99th-percentile latency of one call, in milliseconds
 */
public record Throughput(double textsPerSecond, double p50Millis, double p99Millis) {

  /** Summarises {@code texts} processed in {@code elapsedNanos}, with one latency per call. */
  static Throughput of(int texts, long elapsedNanos, long[] callNanos) {
    long[] sorted = callNanos.clone();
    Arrays.sort(sorted);
    return new Throughput(
        texts / (elapsedNanos / 1e9), percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
  }

  /** Nearest-rank percentile of sorted values; 0 when there are none. */
  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** The JSON fields: {@code texts_per_second}, {@code p50_ms}, {@code p99_ms}. */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("texts_per_second", round(textsPerSecond, 1));
    m.put("p50_ms", round(p50Millis, 2));
    m.put("p99_ms", round(p99Millis, 2));
    return m;
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
