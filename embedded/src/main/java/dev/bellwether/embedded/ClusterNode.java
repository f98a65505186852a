package dev.bellwether.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a local multi-node Kafka cluster (a KRaft broker and controller in one process),
 * running in this JVM as its {@link ClusterLayout} describes it: its own log directory, its two
 * loopback ports, the cluster's id and static controller quorum, replication factor 3 and
 * {@code min.insync.replicas} 2 for every topic and Kafka's internal ones (fewer on a cluster of
 * fewer nodes). {@link #main} runs one node as a process of its own, which is how
 * {@link LocalCluster} starts them: a node can then be killed like a real broker.
 *
 * <p>While it runs, the node holds a {@link DirectoryLock} on its log directory and keeps its
 * process id in the layout's pid file, which a clean stop deletes.
 */
public final class ClusterNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final ClusterLayout layout;
  private final int id;
  private final KafkaRaftServer server;
  private final DirectoryLock lock;
  private boolean closed;

  private ClusterNode(ClusterLayout layout, int id, KafkaRaftServer server, DirectoryLock lock) {
    this.layout = layout;
    this.id = id;
    this.server = server;
    this.lock = lock;
  }

  /**
   * The broker settings of node {@code id} of {@code layout}. Production-like where it matters
   * (replication, {@code min.insync.replicas}, no unclean leader election, no topic created by
   * accident); small where only this machine is served (internal topics of 12 partitions, no
   * initial rebalance delay).
   */
  public static Properties properties(ClusterLayout layout, int id) {
    ClusterLayout.Node node = layout.node(id);
    String rf = Integer.toString(layout.replicationFactor());
    String minIsr = Integer.toString(layout.minInsyncReplicas());
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(id));
    p.put("controller.quorum.voters", layout.voters());
    p.put("listeners", "PLAINTEXT://" + ClusterLayout.HOST + ":" + node.port()
        + ",CONTROLLER://" + ClusterLayout.HOST + ":" + node.controllerPort());
    p.put("advertised.listeners", "PLAINTEXT://" + ClusterLayout.HOST + ":" + node.port());
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", layout.logDir(id).toString());
    p.put("default.replication.factor", rf);
    p.put("min.insync.replicas", minIsr);
    p.put("offsets.topic.replication.factor", rf);
    p.put("offsets.topic.num.partitions", "12");
    p.put("transaction.state.log.replication.factor", rf);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("transaction.state.log.num.partitions", "12");
    p.put("share.coordinator.state.topic.replication.factor", rf);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("unclean.leader.election.enable", "false");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "6");
    p.put("group.initial.rebalance.delay.ms", "0");
    return p;
  }

  /**
   * Starts node {@code id} of {@code layout} in this JVM, formatting its log directory on first
   * use. Returns once the broker has caught up with the controller quorum, which needs a majority
   * of the controllers: start the other nodes alongside.
   *
   * @throws DirectoryLock.Locked when another process runs this node
   * @throws IllegalStateException when the node cannot start
   */
  public static ClusterNode start(ClusterLayout layout, int id) {
    Path logDir = layout.logDir(id);
    DirectoryLock lock = DirectoryLock.acquire(logDir, EmbeddedKafkaBroker.LOCK_FILE, "the log directory of node " + id);
    KafkaRaftServer server;
    try {
      ClusterLayout.Node node = layout.node(id);
      for (int port : new int[] {node.port(), node.controllerPort()}) {
        if (!EmbeddedKafkaBroker.isFree(port)) {
          throw new IllegalStateException("port " + port + " of node " + id + " on " + ClusterLayout.HOST
              + " is taken by another program");
        }
      }
      Properties props = properties(layout, id);
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        EmbeddedKafkaBroker.format(logDir, props, layout.clusterId());
      }
      writePid(layout.pidFile(id));
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    } catch (IOException e) {
      lock.close();
      throw new UncheckedIOException("cannot prepare the log directory " + logDir + " of node " + id, e);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    ClusterNode started = new ClusterNode(layout, id, server, lock);
    try {
      server.startup();
    } catch (RuntimeException e) {
      started.close();
      throw new IllegalStateException("node " + id + " did not start: " + e.getMessage(), e);
    }
    return started;
  }

  /** Blocks until the node has stopped. */
  public void awaitShutdown() {
    server.awaitShutdown();
  }

  /**
   * Stops the node cleanly (a controlled shutdown: the controllers move its partition
   * leaderships first) and releases its directory; calling it again does nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long began = System.nanoTime();
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      try {
        Files.deleteIfExists(layout.pidFile(id));
      } catch (IOException e) {
        LOG.warn("Could not delete {}: {}", layout.pidFile(id), e.toString());
      }
      lock.close();
    }
    LOG.info("Node {} stopped after {} ms", id, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
  }

  private static void writePid(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Runs node {@code args[1]} of the cluster in directory {@code args[0]} until this process is
   * told to stop (SIGTERM or SIGINT: a clean, controlled shutdown) or killed.
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ClusterNode CLUSTER_DIR NODE_ID");
      System.exit(2);
    }
    ClusterNode node;
    try {
      ClusterLayout layout = ClusterLayout.load(Path.of(args[0]));
      int id = Integer.parseInt(args[1]);
      LOG.info("Node {} of cluster {} starting (pid {}) on {}", id, layout.clusterId(), ProcessHandle.current().pid(),
          layout.node(id).address());
      node = start(layout, id);
      LOG.info("Node {} ready on {}", id, layout.node(id).address());
    } catch (RuntimeException e) {
      LOG.error("Node {} could not start: {}", args[1], e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "cluster-node-shutdown"));
    node.awaitShutdown();
  }
}
