package dev.bellwether;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar for a long task: count, share done, rate and time left at that rate. On a
 * terminal it redraws one line; elsewhere (logs, CI) it prints a line every {@link #LINE_EVERY_NANOS}.
 * Nothing is printed for tasks that end within the first interval, except by a bar for a log
 * ({@link #forLog}), whose last line always says how long the task took. Training, file imports,
 * replays and topic copies all report through it.
 */
public final class Progress {

  static final long LINE_EVERY_NANOS = 5_000_000_000L;
  static final long REDRAW_EVERY_NANOS = 250_000_000L;
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String what;
  private final String unit;
  private final long total;
  private final boolean redraw;
  private final LongSupplier nanos;
  private final boolean alwaysEnd;
  private final long started;
  private long lastPrinted;
  private boolean printed;
  private boolean finished;

  /**
   * A bar for a task of {@code total} units.
   *
   * @param out where to print; null prints nothing
   * @param what what the task is, the start of every line
   * @param unit what is counted, in the plural
   * @param redraw whether {@code out} is a terminal whose line can be redrawn
   * @param nanos the time in nanoseconds, as {@link System#nanoTime()} gives it
   */
  public Progress(PrintStream out, String what, String unit, long total, boolean redraw, LongSupplier nanos) {
    this(out, what, unit, total, redraw, nanos, false);
  }

  private Progress(PrintStream out, String what, String unit, long total, boolean redraw, LongSupplier nanos,
      boolean alwaysEnd) {
    this.out = out;
    this.what = what;
    this.unit = unit;
    this.total = Math.max(1, total);
    this.redraw = redraw;
    this.nanos = nanos;
    this.alwaysEnd = alwaysEnd;
    this.started = nanos.getAsLong();
    this.lastPrinted = started;
  }

  /** A bar on standard error, redrawn when the process has a terminal. */
  public static Progress onStderr(String what, String unit, long total) {
    return new Progress(System.err, what, unit, total, System.console() != null, System::nanoTime);
  }

  /**
   * A bar written as lines to a log (a training run's): its last line, printed when the count
   * reaches the total, says how long the task took however short it was.
   */
  public static Progress forLog(PrintStream log, String what, String unit, long total, LongSupplier nanos) {
    return new Progress(log, what, unit, total, false, nanos, true);
  }

  /** Reports {@code done} units of the total; prints when the last print is old enough, and ends the bar at the total. */
  public void update(long done) {
    update(done, done);
  }

  /**
   * Reports {@code done} of the total, which sets the share and the time left, and a separate
   * {@code count} of units to show (an import measures its file in bytes and counts lines).
   */
  public void update(long done, long count) {
    if (done >= total && count == done) {
      finish(done);
      return;
    }
    long now = nanos.getAsLong();
    if (out == null || now - lastPrinted < (redraw ? REDRAW_EVERY_NANOS : LINE_EVERY_NANOS)) {
      return;
    }
    lastPrinted = now;
    print(done, count, now, false);
  }

  /** Ends the bar: a final line when anything was printed before (always, for a log); once only. */
  public void finish(long done) {
    if (out != null && (printed || alwaysEnd) && !finished) {
      print(done, done, nanos.getAsLong(), true);
    }
    finished = true;
  }

  private void print(long done, long count, long now, boolean last) {
    printed = true;
    double seconds = Math.max(1e-9, (now - started) / 1e9);
    double share = Math.min(1.0, done / (double) total);
    long eta = share <= 0 ? -1 : Math.round(seconds / share - seconds);
    int filled = (int) Math.round(share * WIDTH);
    String amount = count == done ? String.format(Locale.ROOT, "%,d/%,d", done, total)
        : String.format(Locale.ROOT, "%,d %s", count, unit);
    String line = String.format(Locale.ROOT, "%s %s (%d%%) [%s%s] %,.0f %s/s, %s", what, amount, (long) (share * 100),
        "#".repeat(filled), ".".repeat(WIDTH - filled), count / seconds, unit,
        last ? "done in " + Math.round(seconds) + " s" : "ETA " + (eta < 0 ? "?" : eta + " s"));
    if (redraw) {
      out.print("\r" + line + (last ? System.lineSeparator() : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }
}
