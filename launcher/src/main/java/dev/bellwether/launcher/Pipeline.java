package dev.bellwether.launcher;

import dev.bellwether.alerts.AlertingTopology;
import dev.bellwether.alerts.notify.Notifier;
import dev.bellwether.classifier.model.ModelSlot;
import dev.bellwether.classifier.model.ModelWatcher;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.score.ScoringTopology;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ClassifierConfig;
import dev.bellwether.config.ConfigException;
import dev.bellwether.config.EmbeddedConfig;
import dev.bellwether.config.IngestConfig;
import dev.bellwether.console.Console;
import dev.bellwether.embedded.DirectoryLock;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.embedded.NewswireSimulator;
import dev.bellwether.ingest.IngestService;
import dev.bellwether.kafka.ClusterCheck;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running pipeline: the only place that wires Bellwether's components together.
 *
 * <p>Starts, in order: in embedded mode a lock on the data directory (so that a second run on it
 * stops before it changes anything), metrics, a check that the console's port is free (when
 * asked), the embedded broker (when no external cluster is configured), the topics, the newswire
 * simulator (embedded mode), ingest, the scoring and alerting Streams applications and the
 * notifier; {@link #close()} stops them in reverse order.
 */
final class Pipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  /** The lock file in the data directory. */
  static final String LOCK_FILE = "bellwether.lock";

  private final PrometheusMeterRegistry registry;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final List<StreamsApp> streamsApps = new ArrayList<>();
  private String bootstrapServers;
  private String brokerNote;
  private MetricsServer metricsServer;
  private NewswireSimulator simulator;
  private Notifier notifier;
  private volatile boolean closed;
  private volatile boolean running;

  private Pipeline(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Starts the {@code components} of the pipeline described by {@code config}; alerts are printed to
   * {@code out}.
   */
  static Pipeline start(BellwetherConfig config, Set<Component> components, PrintStream out, Clock clock) {
    return start(config, components, out, clock, false);
  }

  /**
   * As {@link #start(BellwetherConfig, Set, PrintStream, Clock)}; with {@code consoleToFollow}, the
   * console's port is checked once the data directory is locked, before the broker starts, so that
   * {@link #startConsole} cannot fail on a taken port after a minute of start-up.
   *
   * @throws DirectoryLock.Locked when another run uses the data directory; nothing was started or changed
   * @throws UserFacingException when the metrics or console port is taken
   * @throws ConfigException when {@code embedded.broker-port} (other than the default) is taken
   */
  static Pipeline start(BellwetherConfig config, Set<Component> components, PrintStream out, Clock clock,
      boolean consoleToFollow) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Pipeline pipeline = new Pipeline(registry);
    try {
      pipeline.startAll(config, EnumSet.copyOf(components), out, clock, consoleToFollow);
      pipeline.running = true;
      return pipeline;
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
  }

  private void startAll(BellwetherConfig config, Set<Component> components, PrintStream out, Clock clock,
      boolean consoleToFollow) {
    if (config.kafka().embedded()) {
      started.push(DirectoryLock.acquire(config.dataDir(), LOCK_FILE, "the data directory"));
    }
    bindJvmMetrics();
    if (config.metrics().enabled()) {
      metricsServer = MetricsServer.start(config.metrics().host(), config.metrics().port(), registry, this::health);
      started.push(metricsServer);
    }
    if (consoleToFollow) {
      Console.checkPort(config.console());
    }

    if (config.kafka().embedded()) {
      EmbeddedKafkaBroker broker =
          EmbeddedKafkaBroker.start(config.dataDir().resolve("kafka"), brokerPort(config.embedded().brokerPort()),
              config.embedded().brokerSettings());
      started.push(broker);
      bootstrapServers = broker.bootstrapServers();
    } else {
      bootstrapServers = config.kafka().bootstrapServers();
    }
    Map<String, Object> client = config.kafka().clientConfig(bootstrapServers);
    int brokers = ClusterCheck.reachable(client, config.kafka().connectTimeout());
    // Chosen once for the cluster it found, so that Bellwether's topics and the Streams internal ones agree.
    config = config.withKafka(config.kafka().withReplicationFactor(config.kafka().replicationFactorFor(brokers)));
    LOG.info("Kafka at {}: {} broker(s); new topics get replication factor {}, min.insync.replicas {}", bootstrapServers,
        brokers, config.kafka().replicationFactor(), TopicAdmin.minInsyncReplicasFor(config.kafka().replicationFactor()));
    TopicAdmin.ensureTopics(
        client, Topics.all(), config.kafka().partitionsForNewTopics(), (short) config.kafka().replicationFactor(),
        Duration.ofSeconds(60));
    int itemPartitions = TopicAdmin.itemPartitions(client, Duration.ofSeconds(60));

    if (components.contains(Component.CLASSIFIER)) {
      ClassifierConfig settings = config.classifier();
      ModelSlot models = ModelSlot.of(NewsClassifier.load(settings));
      started.push(models);
      LOG.info("Loaded model {}", models.currentId().display());
      StreamsApp app = StreamsApp.start("classifier", ScoringTopology.build(models, settings, registry, clock),
          ScoringTopology.streamsSettings(settings), config, bootstrapServers, registry);
      started.push(app);
      streamsApps.add(app);
      if (!settings.modelDir().isEmpty() && !settings.modelPollInterval().isZero()) {
        started.push(ModelWatcher.of(models, Path.of(settings.modelDir()),
                dir -> NewsClassifier.load(dir, settings.intraOpThreads(), settings.maxTokens()), registry)
            .startPolling(settings.modelPollInterval()));
      }
    }
    if (components.contains(Component.ALERTS)) {
      startStreams("alerts", AlertingTopology.build(config.alerts(), registry, itemPartitions), config);
    }
    if (components.contains(Component.NOTIFIER)) {
      notifier = Notifier.start(
          client, config.kafka().applicationIdPrefix() + "-notifier", config.notifier(), registry, clock, out);
      started.push(notifier);
    }
    if (components.contains(Component.INGEST)) {
      IngestConfig ingest = config.ingest();
      if (config.kafka().embedded() && config.embedded().simulator().enabled()) {
        simulator = NewswireSimulator.start(config.embedded().simulator(), clock);
        started.push(simulator);
        ingest = ingest.withFeeds(simulator.feeds());
      }
      if (ingest.feeds().isEmpty()) {
        LOG.warn("No feeds configured: ingest has nothing to poll. Add feeds under ingest.feeds (see docs/configuration.md).");
      }
      IngestService service = new IngestService(ingest, client, registry, clock);
      started.push(service);
      service.start();
    }
  }

  /**
   * The port for the embedded broker: the configured one; in place of the default, when it is
   * taken, any free one (said in {@link #brokerNote()}).
   */
  private int brokerPort(int configured) {
    if (configured == 0 || EmbeddedKafkaBroker.isFree(configured)) {
      return configured;
    }
    if (configured != EmbeddedConfig.DEFAULT_BROKER_PORT) {
      throw new ConfigException("Setting embedded.broker-port = " + configured + ": port " + configured
          + " on 127.0.0.1 is taken by another program; set a free port, or 0 for any free port");
    }
    brokerNote = "port " + configured + " (embedded.broker-port) was taken, so this run's broker uses another";
    return 0;
  }

  private void startStreams(String name, org.apache.kafka.streams.Topology topology, BellwetherConfig config) {
    StreamsApp app = StreamsApp.start(name, topology, config, bootstrapServers, registry);
    started.push(app);
    streamsApps.add(app);
  }

  private void bindJvmMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /**
   * Starts the analyst console on this pipeline's Kafka, stopped with the pipeline; {@code run} calls
   * it when {@code console.enabled}. {@code env} holds the token variable {@code console.token-env} names.
   */
  synchronized URI startConsole(BellwetherConfig config, Map<String, String> env, Clock clock) {
    Console console = Console.start(config.console(), config.kafka().clientConfig(bootstrapServers), env, registry,
        clock);
    started.push(console);
    return console.uri();
  }

  /** Why the embedded broker is not on its configured port, or null when it is. */
  String brokerNote() {
    return brokerNote;
  }

  /** Kafka bootstrap servers the pipeline uses (the embedded broker's in embedded mode). */
  String bootstrapServers() {
    return bootstrapServers;
  }

  /** The registry every component reports to. */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Base URI of the metrics and health server, or null when disabled. */
  URI metricsUri() {
    return metricsServer == null ? null : metricsServer.uri();
  }

  /** Base URI of the newswire simulator, or null when it is not running. */
  URI simulatorUri() {
    return simulator == null ? null : simulator.baseUri();
  }

  /**
   * The current health: not ready while starting or stopping, while a Streams application is not
   * RUNNING, or while the notifier's loop keeps failing; not live when a Streams application is in
   * ERROR or the notifier's thread has ended while the pipeline runs.
   */
  Health health() {
    Map<String, KafkaStreams.State> states = new LinkedHashMap<>();
    for (StreamsApp app : streamsApps) {
      states.put(app.name(), app.state());
    }
    Notifier n = notifier;
    return Health.assess(running ? "STARTED" : closed ? "STOPPED" : "STARTING", running, states,
        n == null ? null : n.state());
  }

  /** Stops every started component, newest first; safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
    registry.close();
  }
}
