package dev.bellwether.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The whole configuration, as loaded by {@link ConfigLoader} from the defaults, a file and the
 * environment.
 *
 * @param dataDir local state: the embedded broker's logs and the Streams state stores
 * @param kafka how to reach Kafka
 * @param embedded what the embedded mode starts
 * @param ingest the feed poller
 * @param classifier the scoring stage
 * @param alerts the alerting stage
 * @param notifier alert delivery
 * @param metrics the metrics endpoint
 * @param console the analyst console
 */
public record BellwetherConfig(
    Path dataDir,
    KafkaSettings kafka,
    EmbeddedConfig embedded,
    IngestConfig ingest,
    ClassifierConfig classifier,
    AlertsConfig alerts,
    NotifierConfig notifier,
    MetricsConfig metrics,
    ConsoleConfig console) {

  /** Checks that every section is present. */
  public BellwetherConfig {
    Objects.requireNonNull(dataDir, "data-dir is missing");
    Objects.requireNonNull(kafka, "kafka is missing");
    Objects.requireNonNull(embedded, "embedded is missing");
    Objects.requireNonNull(ingest, "ingest is missing");
    Objects.requireNonNull(classifier, "classifier is missing");
    Objects.requireNonNull(alerts, "alerts is missing");
    Objects.requireNonNull(notifier, "notifier is missing");
    Objects.requireNonNull(metrics, "metrics is missing");
    Objects.requireNonNull(console, "console is missing");
  }

  /** A copy with another Kafka section. */
  public BellwetherConfig withKafka(KafkaSettings k) {
    return new BellwetherConfig(dataDir, k, embedded, ingest, classifier, alerts, notifier, metrics, console);
  }

  /** A copy with another ingest section. */
  public BellwetherConfig withIngest(IngestConfig i) {
    return new BellwetherConfig(dataDir, kafka, embedded, i, classifier, alerts, notifier, metrics, console);
  }
}
