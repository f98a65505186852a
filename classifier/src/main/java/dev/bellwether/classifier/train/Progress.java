package dev.bellwether.classifier.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/** A progress line for a long step: count, rate and estimated time left, at most once a second. */
public final class Progress {

  private static final long REPORT_EVERY_NANOS = 1_000_000_000L;

  private final PrintStream out;
  private final String what;
  private final int total;
  private final LongSupplier nanoTime;
  private final long started;
  private long lastReport;

  /**
   * A progress reporter.
   *
   * @param what what is counted, the start of every line
   * @param total count at the end
   */
  public Progress(PrintStream out, String what, int total, LongSupplier nanoTime) {
    this.out = out;
    this.what = what;
    this.total = total;
    this.nanoTime = nanoTime;
    this.started = nanoTime.getAsLong();
    this.lastReport = started;
  }

  /** Reports the running count, at most once a second and always at the end. */
  public void update(int done) {
    long now = nanoTime.getAsLong();
    if (done < total && now - lastReport < REPORT_EVERY_NANOS) {
      return;
    }
    lastReport = now;
    double seconds = (now - started) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
    out.printf(Locale.ROOT, "%s %d/%d (%d%%) %.0f/s, %s%n", what, done, total,
        total == 0 ? 100 : done * 100L / total, rate,
        done >= total ? String.format(Locale.ROOT, "done in %.1fs", seconds)
            : "ETA " + (eta < 0 ? "?" : eta / 60 + "m" + String.format(Locale.ROOT, "%02d", eta % 60) + "s"));
  }
}
