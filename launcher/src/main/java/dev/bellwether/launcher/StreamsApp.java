package dev.bellwether.launcher;

import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.kafka.TopicAdmin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Kafka Streams application of the pipeline, with its metrics bound. */
final class StreamsApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  /** Counter of stream threads that died on an exception and were replaced, tagged {@code app}. */
  static final String THREADS_REPLACED = "bellwether.streams.replaced.threads";

  private final String name;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics metrics;

  private StreamsApp(String name, KafkaStreams streams, KafkaStreamsMetrics metrics) {
    this.name = name;
    this.streams = streams;
    this.metrics = metrics;
  }

  /** Starts {@code topology} as application {@code <prefix>-<name>}. */
  static StreamsApp start(
      String name, Topology topology, BellwetherConfig config, String bootstrap, MeterRegistry registry) {
    return start(name, topology, Map.of(), config, bootstrap, registry);
  }

  /**
   * Starts {@code topology} as application {@code <prefix>-<name>} with the Streams settings the
   * topology asks for; the user's {@code kafka.client-overrides} still win.
   */
  static StreamsApp start(String name, Topology topology, Map<String, Object> topologySettings,
      BellwetherConfig config, String bootstrap, MeterRegistry registry) {
    Properties props = new Properties();
    // One request in flight per broker: with transactions (v2, Kafka 4), the first write of a new
    // transaction to a partition whose last commit markers are still being written is refused with
    // CONCURRENT_TRANSACTIONS and retried; a second batch already in flight behind it then arrives
    // out of order, and the broker logs an OutOfOrderSequenceException at ERROR before the client
    // retries both. The batches are retried in order either way; this keeps the log clean at the
    // cost of pipelining, which the stages, bound by scoring CPU, do not need.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
    // What exactly-once needs and Kafka's clients default to, said here so that no override weakens it unseen.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
    int replicas = config.kafka().replicationFactor();
    // Changelog and repartition topics as durable as Bellwether's own (see TopicAdmin).
    props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
        Integer.toString(TopicAdmin.minInsyncReplicasFor(replicas)));
    props.putAll(topologySettings);
    props.putAll(config.kafka().clientOverrides());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(config, name));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(config).toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.kafka().processingGuarantee());
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.kafka().numStandbyReplicas());
    // 0 (not yet chosen for a cluster) leaves it to the brokers' default.replication.factor.
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicas > 0 ? replicas : -1);
    // Inputs are read as bytes and decoded by the topologies, which route bad records to the
    // dead-letter topic; this handler only guards the internal topics.
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    KafkaStreams streams = new KafkaStreams(topology, props);
    // A replaced thread re-reads from the last commit: a record that kills it every time would loop
    // here, so each replacement is counted where a dashboard and the fault tests can see it.
    Counter replaced = Counter.builder(THREADS_REPLACED)
        .description("Stream threads that failed on an exception and were replaced")
        .baseUnit("threads")
        .tag("app", name)
        .register(registry);
    streams.setUncaughtExceptionHandler(
        e -> {
          replaced.increment();
          LOG.error("Stream thread of {} failed; replacing it", name, e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
    metrics.bindTo(registry);
    streams.start();
    LOG.info("Started Streams application {}", applicationId(config, name));
    return new StreamsApp(name, streams, metrics);
  }

  static String applicationId(BellwetherConfig config, String name) {
    return config.kafka().applicationIdPrefix() + "-" + name;
  }

  static Path stateDir(BellwetherConfig config) {
    return config.dataDir().resolve("streams");
  }

  String name() {
    return name;
  }

  KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public void close() {
    // Leave the group: the next start (or the other instances) gets the partitions at once instead
    // of waiting out this member's session timeout (45 s by default).
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
    metrics.close();
  }
}
