package dev.bellwether.launcher;

import dev.bellwether.UserFacingException;
import dev.bellwether.embedded.ClusterLayout;
import dev.bellwether.embedded.LocalCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bellwether cluster}: a local Kafka cluster of several nodes (three by default), each a
 * KRaft broker and controller in a JVM of its own on loopback, for trying Bellwether with several
 * instances per stage and for fault drills; no Docker needed.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    header = "A local Kafka cluster of three nodes on this machine (start, stop, kill, status).",
    description = {
      "Starts Kafka nodes as processes of their own on 127.0.0.1, from the Kafka jars Bellwether already",
      "has: each a broker and a controller (KRaft), with its own log directory and ports under --dir.",
      "Topics get replication factor 3 and min.insync.replicas 2, Kafka's internal topics too, so one",
      "node may be lost without losing a committed record or stopping writes. The nodes keep running",
      "after this command returns; 'cluster stop' stops them, 'cluster start' starts them again with",
      "their data. Node ports: 9292, 9293, 9294 for clients, 9392.. for the controllers (--port).",
      "",
    },
    footer = {
      "",
      "Examples:",
      "  ./bellwether cluster start",
      "  ./bellwether run --bootstrap-servers 127.0.0.1:9292,127.0.0.1:9293,127.0.0.1:9294 --only classifier \\",
      "      --data-dir .bw-classifier-1 --metrics-port 9471      # each instance its own data dir and port",
      "  ./bellwether cluster kill --node 2       # a broker crashes (SIGKILL); 'cluster start' brings it back",
      "  ./bellwether cluster status",
      "  ./bellwether cluster stop",
    },
    subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class, ClusterCommand.Kill.class,
        ClusterCommand.StatusCommand.class})
final class ClusterCommand implements Runnable {

  /** The cluster directory when none is given. */
  static final String DEFAULT_DIR = ".bellwether-cluster";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The options every subcommand takes. */
  static final class Where {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
        description = "The cluster's directory: its layout (cluster.properties), one log directory, log file and pid"
            + " file per node (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "512m",
        description = "Largest heap of each node's JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    LocalCluster cluster(ClusterLayout layout) {
      try {
        return LocalCluster.of(layout, classPath(), heap, true);
      } catch (IllegalArgumentException e) {
        throw new UserFacingException(e.getMessage(), e);
      }
    }

    LocalCluster existing() {
      try {
        return cluster(ClusterLayout.load(dir));
      } catch (IllegalStateException e) {
        throw new UserFacingException(e.getMessage(), e);
      }
    }
  }

  /** The class path of this JVM with absolute entries, so that nodes started elsewhere find it too. */
  static String classPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  /** {@code cluster start}: creates the cluster on first use, then starts the nodes that do not run. */
  @Command(name = "start", mixinStandardHelpOptions = true,
      header = "Start the nodes, all or one, and wait until they are up.",
      description = {"Start the cluster's nodes (all, or one with --node) and wait until they are up; the first start",
          "creates the cluster in --dir. Prints the bootstrap address to give Bellwether."})
  static final class Start implements Callable<Integer> {
    @Mixin Where where;
    @Spec CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "0",
        description = "Nodes of a new cluster, 1 to 9 (default 3; an existing cluster keeps its own).")
    int nodes;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
        description = "Client port of node 1 of a new cluster; node n gets PORT+n-1, its controller PORT+n+99 (default "
            + ClusterLayout.DEFAULT_PORT + "; an existing cluster keeps its own).")
    int port;

    @Option(names = "--node", paramLabel = "ID", description = "Start only this node, e.g. one that was killed.")
    Integer node;

    @Override
    public Integer call() {
      ClusterLayout layout;
      try {
        boolean exists = where.dir.resolve(ClusterLayout.FILE).toFile().exists();
        layout = ClusterLayout.createOrLoad(where.dir, nodes, exists || port != 0 ? port : ClusterLayout.DEFAULT_PORT);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new UserFacingException(e.getMessage(), e);
      }
      LocalCluster cluster = where.cluster(layout);
      PrintWriter err = spec.commandLine().getErr();
      err.println("Cluster " + layout.clusterId() + " in " + layout.dir());
      err.flush();
      java.util.function.Consumer<String> progress = line -> {
        err.println("  " + line);
        err.flush();
      };
      try {
        if (node != null) {
          layout.node(node);
          cluster.startNode(node, progress);
          cluster.awaitBrokers(List.of(node), START_TIMEOUT, progress);
        } else {
          cluster.start(START_TIMEOUT, progress);
        }
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new UserFacingException("cluster start: " + e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("Kafka cluster up: " + layout.nodes().size() + " nodes, replication factor " + layout.replicationFactor()
          + ", min.insync.replicas " + layout.minInsyncReplicas());
      out.println("  bootstrap servers: " + layout.bootstrapServers());
      out.println("  run Bellwether on it, each instance with its own --data-dir and --metrics-port, e.g.:");
      out.println("    ./bellwether run --bootstrap-servers " + layout.bootstrapServers()
          + " --config deploy/local-cluster.yaml --only classifier --data-dir .bw-classifier-1 --metrics-port 9471");
      out.flush();
      return 0;
    }
  }

  /** {@code cluster stop}: stops nodes cleanly. */
  @Command(name = "stop", mixinStandardHelpOptions = true,
      header = "Stop the nodes, all or one, cleanly; their data stays.",
      description = {"Stop the cluster's nodes (all, or one with --node) cleanly: SIGTERM, a controlled shutdown that",
          "moves the node's partition leaderships away first; a node not gone within a minute is killed.",
          "Their data stays in --dir for the next start."})
  static final class Stop implements Callable<Integer> {
    @Mixin Where where;
    @Spec CommandSpec spec;

    @Option(names = "--node", paramLabel = "ID", description = "Stop only this node (the others keep serving).")
    Integer node;

    @Override
    public Integer call() {
      LocalCluster cluster = where.existing();
      PrintWriter out = spec.commandLine().getOut();
      if (node != null) {
        try {
          cluster.layout().node(node);
        } catch (IllegalArgumentException e) {
          throw new UserFacingException(e.getMessage(), e);
        }
        out.println("node " + node + ": " + cluster.stopNode(node, LocalCluster.STOP_TIMEOUT));
      } else {
        cluster.stop(LocalCluster.STOP_TIMEOUT, line -> {
          out.println(line);
          out.flush();
        });
      }
      out.flush();
      return 0;
    }
  }

  /** {@code cluster kill}: a node crashes. */
  @Command(name = "kill", mixinStandardHelpOptions = true,
      header = "Kill one node at once (SIGKILL), for a fault drill.",
      description = {"Kill one node at once (SIGKILL): no controlled shutdown, as when a broker's machine dies. The",
          "others elect new leaders for its partitions; 'cluster start --node ID' brings it back, and it",
          "catches up from them."})
  static final class Kill implements Callable<Integer> {
    @Mixin Where where;
    @Spec CommandSpec spec;

    @Option(names = "--node", paramLabel = "ID", required = true, description = "The node to kill.")
    int node;

    @Override
    public Integer call() {
      LocalCluster cluster = where.existing();
      try {
        cluster.layout().node(node);
      } catch (IllegalArgumentException e) {
        throw new UserFacingException(e.getMessage(), e);
      }
      spec.commandLine().getOut().println("node " + node + ": " + (cluster.killNode(node) ? "killed" : "not running"));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code cluster status}: which nodes are up and who leads. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      header = "Show the nodes, the controller leader and unhealthy partitions.",
      description = {"Show which nodes run and are registered brokers, which controller leads the quorum, and the",
          "partitions that have no leader, are under-replicated, or are below min.insync.replicas.",
          "Exit code 0 when every node is up, 1 otherwise."})
  static final class StatusCommand implements Callable<Integer> {
    @Mixin Where where;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      LocalCluster cluster = where.existing();
      ClusterLayout layout = cluster.layout();
      LocalCluster.Status status = cluster.status(Duration.ofSeconds(10));
      PrintWriter out = spec.commandLine().getOut();
      out.println("Cluster " + layout.clusterId() + " in " + layout.dir() + ", bootstrap servers "
          + layout.bootstrapServers());
      for (ClusterLayout.Node n : layout.nodes()) {
        Long pid = status.pids().get(n.id());
        boolean broker = status.brokers().contains(n.id());
        String state = pid == null ? "down" : broker ? "up" : "starting";
        String role = status.controllerLeader().filter(l -> l == n.id()).isPresent() ? "  controller leader" : "";
        out.printf("  node %d  %-8s %-12s %s%s%n", n.id(), state, pid == null ? "" : "pid " + pid, n.address(), role);
      }
      if (!status.problem().isEmpty()) {
        out.println("  " + status.problem());
      }
      status.partitions().ifPresent(p -> out.println("  partitions: " + p.total() + ", without leader " + p.offline()
          + ", under-replicated " + p.underReplicated() + ", below min.insync.replicas " + p.underMinIsr()
          + "; leaders " + leaders(p.leaders())));
      out.flush();
      Set<Integer> up = status.brokers();
      return up.size() == layout.nodes().size() ? 0 : 1;
    }

    private static String leaders(Map<Integer, Integer> byNode) {
      return byNode.entrySet().stream().map(e -> "node " + e.getKey() + ": " + e.getValue())
          .collect(Collectors.joining(", "));
    }
  }
}
