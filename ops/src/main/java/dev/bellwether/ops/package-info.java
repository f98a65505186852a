/**
 * Operations over history that an operator runs by hand, each behind one command of the
 * launcher: {@code replay} (rescore a time range with another model, rerun alerting dry),
 * {@code reset} (move a stopped application's offsets to a time), {@code backup} (export and
 * import topics as JSON lines), {@code feedback} (the analysts' corrections read back for
 * training) and {@code topics} (reading a topic's time range, in publication-time order, with
 * progress), which they share.
 *
 * <p>Backtests of the alerting rules over recorded news belong here too, as
 * {@code dev.bellwether.ops.backtest}: they run the stages' code over history as replay does.
 * The commands stay in the launcher; the work they start lives in this module.
 */
package dev.bellwether.ops;
