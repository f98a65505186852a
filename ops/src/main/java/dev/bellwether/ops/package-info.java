/**
 * Operations over history that an operator runs by hand, each behind one command of the
 * launcher: {@code replay} (rescore a time range with another model, rerun alerting dry),
 * {@code reset} (move a stopped application's offsets to a time), {@code backup} (export and
 * import topics as JSON lines), {@code feedback} (the analysts' corrections read back for
 * training), {@code backtest} (ingest's reading and de-duplication, the model and the alerting
 * engine run offline over a news file) and {@code topics} (reading a topic's time range, in
 * publication-time order, with progress), which they share.
 *
 * <p>The commands stay in the launcher; the work they start lives in this module.
 */
package dev.bellwether.ops;
