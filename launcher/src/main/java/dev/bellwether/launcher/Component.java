package dev.bellwether.launcher;

/** The parts of the pipeline that {@code run --only} can start on their own. */
enum Component {
  /** The feed poller, writing {@code news.raw}. */
  INGEST,
  /** The scoring Streams application, {@code news.raw} to {@code news.scored}. */
  CLASSIFIER,
  /** The alerting Streams application, {@code news.scored} to windows and {@code alerts}. */
  ALERTS,
  /** The alert consumer that delivers notifications. */
  NOTIFIER
}
