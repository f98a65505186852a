package dev.bellwether.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * The fixed description of a local multi-node Kafka cluster: its directory, its cluster id and,
 * per node, the node id and the two loopback ports (clients, controllers). Written once to
 * {@value #FILE} in the cluster directory when the cluster is created and read back by every
 * start after, so that a node always comes back with the same id, ports and log directory.
 *
 * @param dir the cluster directory; node {@code n} keeps its logs in {@code node-n}
 * @param clusterId the KRaft cluster id every node's storage is formatted with
 * @param nodes the nodes, ids 1..n in order
 */
public record ClusterLayout(Path dir, String clusterId, List<Node> nodes) {

  /** The file in the cluster directory that holds the layout. */
  public static final String FILE = "cluster.properties";
  /** The host every node listens on: loopback only. */
  public static final String HOST = "127.0.0.1";
  /** Client port of node 1 when none is given; node {@code n} gets this plus {@code n - 1}. */
  public static final int DEFAULT_PORT = 9292;
  /** How far above its client port a node's controller port is, when ports are derived from a base. */
  static final int CONTROLLER_OFFSET = 100;
  /** Most nodes a local cluster may have. */
  static final int MAX_NODES = 9;

  /**
   * One node of the cluster.
   *
   * @param id the KRaft node id (1..n)
   * @param port client (PLAINTEXT) port on {@link #HOST}
   * @param controllerPort controller (KRaft quorum) port on {@link #HOST}
   */
  public record Node(int id, int port, int controllerPort) {

    /** The {@code host:port} clients connect to. */
    public String address() {
      return HOST + ":" + port;
    }
  }

  /** Copies the node list and checks it. */
  public ClusterLayout {
    dir = dir.toAbsolutePath().normalize();
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty() || nodes.size() > MAX_NODES) {
      throw new IllegalArgumentException("nodes = " + nodes.size() + ": a local cluster has 1 to " + MAX_NODES + " nodes");
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).id() != i + 1) {
        throw new IllegalArgumentException("node ids must be 1.." + nodes.size() + " in order, found " + nodes.get(i).id());
      }
    }
  }

  /**
   * The layout in {@code dir}: read from its {@value #FILE} when there is one (then {@code count}
   * and {@code basePort} must agree with it or be 0), else a new one written there.
   *
   * @param count nodes of a new cluster; 0 means three, or as many as the existing one has
   * @param basePort client port of node 1 of a new cluster (node n gets basePort + n - 1, its
   *     controller port 100 above); 0 picks free ports once, which are then kept
   * @throws IllegalArgumentException naming the value when {@code count} or {@code basePort}
   *     is out of range or disagrees with the existing layout
   */
  public static ClusterLayout createOrLoad(Path dir, int count, int basePort) {
    if (count < 0 || count > MAX_NODES) {
      throw new IllegalArgumentException("--nodes " + count + ": a local cluster has 1 to " + MAX_NODES + " nodes");
    }
    if (basePort != 0 && (basePort < 1024 || basePort + MAX_NODES + CONTROLLER_OFFSET > 65535)) {
      throw new IllegalArgumentException("--port " + basePort + ": must be 0 (free ports) or in 1024.."
          + (65535 - MAX_NODES - CONTROLLER_OFFSET));
    }
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      ClusterLayout existing = load(dir);
      if (count != 0 && count != existing.nodes().size()) {
        throw new IllegalArgumentException("--nodes " + count + ": the cluster in " + existing.dir() + " has "
            + existing.nodes().size() + " nodes; use another --dir for a new cluster");
      }
      if (basePort != 0 && basePort != existing.nodes().get(0).port()) {
        throw new IllegalArgumentException("--port " + basePort + ": the cluster in " + existing.dir()
            + " uses port " + existing.nodes().get(0).port() + " for node 1; use another --dir for a new cluster");
      }
      return existing;
    }
    int n = count == 0 ? 3 : count;
    List<Node> nodes = new ArrayList<>();
    Set<Integer> taken = new HashSet<>();
    for (int id = 1; id <= n; id++) {
      nodes.add(basePort == 0
          ? new Node(id, freePort(taken), freePort(taken))
          : new Node(id, basePort + id - 1, basePort + id - 1 + CONTROLLER_OFFSET));
    }
    ClusterLayout layout = new ClusterLayout(dir, Uuid.randomUuid().toString(), nodes);
    layout.write();
    return layout;
  }

  /**
   * The layout written in {@code dir}.
   *
   * @throws IllegalStateException when there is none, or it cannot be read
   */
  public static ClusterLayout load(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      throw new IllegalStateException("no local cluster in " + dir.toAbsolutePath() + " (" + FILE + " is missing):"
          + " start one with 'bellwether cluster start --dir " + dir + "'");
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try {
      int n = Integer.parseInt(p.getProperty("nodes", "").trim());
      List<Node> nodes = new ArrayList<>();
      for (int id = 1; id <= n; id++) {
        nodes.add(new Node(id, Integer.parseInt(p.getProperty("node." + id + ".port", "").trim()),
            Integer.parseInt(p.getProperty("node." + id + ".controller.port", "").trim())));
      }
      String clusterId = p.getProperty("cluster.id", "").trim();
      if (clusterId.isEmpty()) {
        throw new IllegalStateException("cluster.id is missing");
      }
      return new ClusterLayout(dir, clusterId, nodes);
    } catch (RuntimeException e) {
      throw new IllegalStateException(file + " is not a cluster layout (" + e.getMessage() + "); move it away and start"
          + " a new cluster, or use another --dir", e);
    }
  }

  /** Node {@code id}. */
  public Node node(int id) {
    if (id < 1 || id > nodes.size()) {
      throw new IllegalArgumentException("--node " + id + ": this cluster has nodes 1.." + nodes.size());
    }
    return nodes.get(id - 1);
  }

  /** {@code host:port} of every node, comma-separated: what clients take as {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return nodes.stream().map(Node::address).collect(Collectors.joining(","));
  }

  /** The static controller quorum, {@code 1@127.0.0.1:9392,2@...}. */
  public String voters() {
    return nodes.stream().map(n -> n.id() + "@" + HOST + ":" + n.controllerPort()).collect(Collectors.joining(","));
  }

  /** The log directory of node {@code id}. */
  public Path logDir(int id) {
    return dir.resolve("node-" + node(id).id());
  }

  /** The file a running node {@code id} writes its process id to. */
  public Path pidFile(int id) {
    return dir.resolve("node-" + node(id).id() + ".pid");
  }

  /** The file node {@code id}'s process writes its output to. */
  public Path logFile(int id) {
    return dir.resolve("node-" + node(id).id() + ".log");
  }

  /** The replication factor of new topics and of Kafka's internal topics: three, or fewer on a smaller cluster. */
  public int replicationFactor() {
    return Math.min(3, nodes.size());
  }

  /** The {@code min.insync.replicas} that goes with {@link #replicationFactor()}: one fewer, at least one, at most two. */
  public int minInsyncReplicas() {
    return Math.max(1, Math.min(2, replicationFactor() - 1));
  }

  private void write() {
    Properties p = new Properties();
    p.setProperty("cluster.id", clusterId);
    p.setProperty("nodes", Integer.toString(nodes.size()));
    for (Node n : nodes) {
      p.setProperty("node." + n.id() + ".port", Integer.toString(n.port()));
      p.setProperty("node." + n.id() + ".controller.port", Integer.toString(n.controllerPort()));
    }
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(FILE + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        p.store(out, "Bellwether local Kafka cluster: written once when it was created, read by every node start."
            + " Its nodes' storage is formatted with this cluster id: do not edit.");
      }
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cluster layout in " + dir, e);
    }
  }

  /** A port free on loopback now and not in {@code taken}, which it is added to. */
  private static int freePort(Set<Integer> taken) {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
        if (taken.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on " + HOST, e);
      }
    }
    throw new IllegalStateException("no free port on " + HOST + " after 20 tries");
  }
}
