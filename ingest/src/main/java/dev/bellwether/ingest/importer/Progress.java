package dev.bellwether.ingest.importer;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Progress of a long task, printed to a stream at most once per {@link #EVERY_NANOS}: the share
 * done, the rate and the time left at that rate. Nothing is printed for tasks that end sooner.
 */
final class Progress {

  static final long EVERY_NANOS = 2_000_000_000L;
  private final PrintStream out;
  private final String what;
  private final String unit;
  private final long total;
  private final LongSupplier nanos;
  private final long started;
  private long lastPrinted;

  Progress(PrintStream out, String what, String unit, long total, LongSupplier nanos) {
    this.out = out;
    this.what = what;
    this.unit = unit;
    this.total = Math.max(1, total);
    this.nanos = nanos;
    this.started = nanos.getAsLong();
    this.lastPrinted = started;
  }

  /** Reports {@code done} of the total; prints when the last line is old enough. */
  void update(long done, long count) {
    long now = nanos.getAsLong();
    if (out == null || now - lastPrinted < EVERY_NANOS) {
      return;
    }
    lastPrinted = now;
    double seconds = (now - started) / 1e9;
    double share = Math.min(1.0, done / (double) total);
    long eta = share <= 0 ? -1 : Math.round(seconds / share - seconds);
    out.printf("%s: %3.0f%% (%,d %s, %,.0f %s/s), ETA %s%n", what, share * 100, count, unit, count / seconds, unit,
        eta < 0 ? "?" : eta + " s");
    out.flush();
  }
}
