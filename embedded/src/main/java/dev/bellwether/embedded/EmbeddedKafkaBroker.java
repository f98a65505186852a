package dev.bellwether.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster (KRaft broker and controller in one process) running inside this
 * JVM on 127.0.0.1, keeping its logs under a data directory so that a restart on the same
 * directory finds its topics and records again.
 *
 * <p>Meant for the one-machine mode and for integration tests; every replication factor is 1.
 * One broker at a time may use a directory: {@link #start} takes a {@link DirectoryLock} on it
 * before reading or writing anything there, and checks that its port is free before the broker
 * opens its logs, so that a second broker on the same directory or port stops without touching
 * the first one's state.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String HOST = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  /** The lock file in the log directory; Kafka's own {@code .lock} is taken only after it has read its state. */
  static final String LOCK_FILE = "bellwether-broker.lock";

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final DirectoryLock lock;
  private boolean closed;

  private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, DirectoryLock lock) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.lock = lock;
  }

  /**
   * Starts a broker whose logs live in {@code dataDir}: formatted on first use, reused after.
   *
   * @param dataDir the log directory; created when missing
   * @param port client port on 127.0.0.1; 0 picks a free port
   * @throws DirectoryLock.Locked when another broker uses {@code dataDir}; nothing in it was changed
   * @throws IllegalStateException when {@code port} is taken, or the broker cannot start or does not answer in time
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int port) {
    return start(dataDir, port, Map.of());
  }

  /**
   * Starts a broker as {@link #start(Path, int)} does, with {@code settings} (broker settings such
   * as {@code log.retention.check.interval.ms}) put over its own.
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int port, Map<String, String> settings) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port = " + port + ": must be a TCP port in 0..65535 (0 picks a free port)");
    }
    long started = System.nanoTime();
    Path logDir = dataDir.toAbsolutePath();
    DirectoryLock lock = DirectoryLock.acquire(logDir, LOCK_FILE, "the Kafka log directory");
    KafkaRaftServer server;
    String bootstrap;
    try {
      if (port != 0 && !isFree(port)) {
        throw new IllegalStateException("port " + port + " on " + HOST + " is taken by another program");
      }
      int brokerPort = port == 0 ? freePort() : port;
      Properties props = brokerProperties(logDir, brokerPort, freePort());
      props.putAll(settings);
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(logDir, props, Uuid.randomUuid().toString());
      }
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      bootstrap = HOST + ":" + brokerPort;
    } catch (IOException e) {
      lock.close();
      throw new UncheckedIOException("cannot prepare the broker's log directory " + logDir, e);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, lock);
    try {
      server.startup();
      awaitReady(bootstrap);
    } catch (RuntimeException e) {
      broker.close();
      throw new IllegalStateException("the embedded Kafka broker on " + bootstrap + " did not start: " + e.getMessage(), e);
    }
    LOG.info("Embedded Kafka broker ready on {} with logs in {} after {} ms",
        bootstrap, logDir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return broker;
  }

  /** The {@code host:port} clients connect to. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Stops the broker and waits until it has released its log directory; calling it again does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      lock.close();
    }
    LOG.info("Embedded Kafka broker on {} stopped", bootstrapServers);
  }

  /** Whether {@code port} on 127.0.0.1 can be listened on right now. */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(HOST), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // One node: every internal topic must fit on it.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    return p;
  }

  /**
   * Formats the empty log directory {@code logDir} of a node with {@code props} for cluster
   * {@code clusterId}. The cluster id is written into meta.properties, which is why a restart must
   * not format again.
   */
  static void format(Path logDir, Properties props, String clusterId) throws IOException {
    Path configFile = Files.createTempFile("bellwether-broker", ".properties");
    try {
      try (OutputStream out = Files.newOutputStream(configFile)) {
        props.store(out, "Kafka node, used once to format its storage");
      }
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      int rc;
      try (PrintStream quiet = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
        rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, quiet);
      }
      String output = captured.toString(StandardCharsets.UTF_8).trim();
      if (rc != 0) {
        throw new IllegalStateException("formatting " + logDir + " failed (exit " + rc + "): " + output);
      }
      LOG.debug("Formatted {} for cluster {}: {}", logDir, clusterId, output);
    } finally {
      Files.deleteIfExists(configFile);
    }
  }

  private static void awaitReady(String bootstrap) {
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("no answer to describeCluster within " + READY_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
    }
  }

  /** A port free on loopback right now; the small race until the broker binds it is accepted. */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }
}
