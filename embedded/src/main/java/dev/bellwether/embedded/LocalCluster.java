package dev.bellwether.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * A local multi-node Kafka cluster whose nodes run as processes of their own on this machine, on
 * loopback, as {@link ClusterLayout} describes them: started, stopped cleanly (SIGTERM, a
 * controlled shutdown), killed (SIGKILL, for fault drills) and asked how it stands. Each node is
 * a {@link ClusterNode#main} in a JVM started from the given class path; its output goes to the
 * node's log file in the cluster directory, its process id to its pid file.
 *
 * <p>Nodes outlive the process that started them: {@code bellwether cluster start} returns, and
 * {@code cluster stop} (another process) finds them again by their pid files.
 */
public final class LocalCluster {

  /** How long one node has for a clean stop before it is killed. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(250);

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final ClusterLayout layout;
  private final String classPath;
  private final String heap;
  private final boolean detach;
  /** The node processes this object started, by node id: alive before their pid files are written. */
  private final Map<Integer, Process> started = new ConcurrentHashMap<>();

  private LocalCluster(ClusterLayout layout, String classPath, String heap, boolean detach) {
    this.layout = layout;
    this.classPath = classPath;
    this.heap = heap;
    this.detach = detach;
  }

  /**
   * The cluster {@code layout} describes, whose nodes run from {@code classPath} (the Kafka broker
   * and this module on it) with a maximum heap of {@code heap} (a JVM size such as {@code 512m}).
   *
   * @param detach whether node processes get a session of their own (where {@code setsid} exists),
   *     so that a Ctrl-C or a closed terminal that ends the starting command leaves them running
   * @throws IllegalArgumentException naming the value when {@code heap} is not a JVM size
   */
  public static LocalCluster of(ClusterLayout layout, String classPath, String heap, boolean detach) {
    if (heap == null || !heap.matches("\\d+[kKmMgG]")) {
      throw new IllegalArgumentException("--heap " + heap + ": must be a JVM heap size such as 512m or 1g");
    }
    return new LocalCluster(layout, classPath, heap, detach);
  }

  /** The layout of this cluster. */
  public ClusterLayout layout() {
    return layout;
  }

  /**
   * The running process of node {@code id}: the one this object started, or the one its pid file
   * names; empty when it does not run.
   */
  public Optional<ProcessHandle> process(int id) {
    Process own = started.get(id);
    if (own != null && own.isAlive()) {
      return Optional.of(own.toHandle());
    }
    Path file = layout.pidFile(id);
    long pid;
    try {
      pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    // A stale pid file may name a process id the system has since given to another program.
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> p.info().commandLine()
        .map(line -> line.contains(ClusterNode.class.getName()) && line.contains(layout.dir().toString()))
        .orElse(true));
  }

  /**
   * Starts every node that does not run yet, all at once (a node waits for a majority of the
   * controllers), and returns once every node is a registered broker.
   *
   * @param progress told what happens, one line at a time
   * @throws IllegalStateException when a node exits, or the brokers are not all up within {@code timeout}
   */
  public void start(Duration timeout, Consumer<String> progress) {
    Set<Integer> all = new TreeSet<>();
    for (ClusterLayout.Node node : layout.nodes()) {
      all.add(node.id());
      startNode(node.id(), progress);
    }
    awaitBrokers(all, timeout, progress);
  }

  /**
   * Starts node {@code id} as a process of its own unless it runs already; returns without
   * waiting for it (see {@link #awaitBrokers}).
   *
   * @return whether a process was started
   */
  public boolean startNode(int id, Consumer<String> progress) {
    Optional<ProcessHandle> running = process(id);
    if (running.isPresent()) {
      progress.accept("node " + id + " runs already (pid " + running.get().pid() + ")");
      return false;
    }
    List<String> command = new ArrayList<>();
    if (detach && Files.isExecutable(SETSID)) {
      // Not a process group leader, so setsid makes the new session and execs java in the same process.
      command.add(SETSID.toString());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-Xms64m");
    command.add("-cp");
    command.add(classPath);
    command.add(ClusterNode.class.getName());
    command.add(layout.dir().toString());
    command.add(Integer.toString(id));
    try {
      Files.createDirectories(layout.dir());
      Files.writeString(layout.logFile(id), "--- " + Instant.now() + " starting node " + id + "\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      Process p = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logFile(id).toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
          .start();
      started.put(id, p);
      progress.accept("node " + id + " starting (pid " + p.pid() + ", " + layout.node(id).address() + ", log "
          + layout.logFile(id) + ")");
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + id + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns once every node of {@code ids} is a registered, unfenced broker and the controllers
   * have a leader.
   *
   * @throws IllegalStateException when one of them exits, or they are not all up within {@code timeout}
   */
  public void awaitBrokers(Collection<Integer> ids, Duration timeout, Consumer<String> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<Integer> reported = new TreeSet<>();
    try (Admin admin = admin(Duration.ofSeconds(5))) {
      while (true) {
        for (int id : ids) {
          if (process(id).isEmpty() && !reported.contains(id)) {
            throw new IllegalStateException("node " + id + " exited while starting: " + lastLines(layout.logFile(id), 5));
          }
        }
        Set<Integer> up = brokers(admin);
        for (int id : ids) {
          if (up.contains(id) && reported.add(id)) {
            progress.accept("node " + id + " is up (" + up.size() + " of " + layout.nodes().size() + " brokers)");
          }
        }
        if (up.containsAll(ids) && controllerLeader(admin).isPresent()) {
          return;
        }
        if (System.nanoTime() > deadline) {
          Set<Integer> missing = new TreeSet<>(ids);
          missing.removeAll(up);
          throw new IllegalStateException("nodes " + missing + " are not up after " + timeout.toSeconds() + " s; see "
              + layout.logFile(missing.isEmpty() ? ids.iterator().next() : missing.iterator().next()));
        }
        TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the brokers", e);
    }
  }

  /**
   * Stops node {@code id} cleanly (SIGTERM: the node's controlled shutdown moves its leaderships
   * away first), killing it when it has not ended within {@code timeout}.
   *
   * @return how it ended: {@code stopped}, {@code killed} (the timeout passed), or {@code not running}
   */
  public String stopNode(int id, Duration timeout) {
    Optional<ProcessHandle> p = process(id);
    if (p.isEmpty()) {
      return "not running";
    }
    p.get().destroy();
    try {
      p.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return "stopped";
    } catch (TimeoutException e) {
      p.get().destroyForcibly();
      p.get().onExit().join();
      return "killed (no clean stop within " + timeout.toSeconds() + " s)";
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for node " + id + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping node " + id, e);
    }
  }

  /**
   * Kills node {@code id} at once (SIGKILL: no controlled shutdown, logs not closed), as a crash or
   * a lost machine would, and waits until the process is gone.
   *
   * @return whether it was running
   */
  public boolean killNode(int id) {
    Optional<ProcessHandle> p = process(id);
    if (p.isEmpty()) {
      return false;
    }
    p.get().destroyForcibly();
    p.get().onExit().join();
    return true;
  }

  /**
   * Stops every running node cleanly, all at once: each node's broker shuts down while the
   * controllers are still there to acknowledge it. (One after another, the last node's broker would
   * wait for a controller quorum that has gone with the others, until it is killed.)
   */
  public void stop(Duration perNode, Consumer<String> progress) {
    Map<Integer, ProcessHandle> running = new TreeMap<>();
    for (ClusterLayout.Node node : layout.nodes()) {
      process(node.id()).ifPresentOrElse(p -> running.put(node.id(), p),
          () -> progress.accept("node " + node.id() + ": not running"));
    }
    long began = System.nanoTime();
    running.values().forEach(ProcessHandle::destroy);
    long deadline = began + perNode.toNanos();
    for (Map.Entry<Integer, ProcessHandle> e : running.entrySet()) {
      String how;
      try {
        e.getValue().onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        how = "stopped";
      } catch (TimeoutException timeout) {
        e.getValue().destroyForcibly();
        e.getValue().onExit().join();
        how = "killed (no clean stop within " + perNode.toSeconds() + " s)";
      } catch (ExecutionException failed) {
        throw new IllegalStateException("waiting for node " + e.getKey() + " failed", failed);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while stopping the cluster", interrupted);
      }
      progress.accept("node " + e.getKey() + ": " + how + " after "
          + String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - began) / 1e9));
    }
  }

  /**
   * How the cluster stands: per node whether its process runs and whether it is a registered
   * broker, which controller leads, and the partitions without a leader, under-replicated or
   * below {@code min.insync.replicas}.
   */
  public Status status(Duration timeout) {
    Map<Integer, Long> pids = new TreeMap<>();
    for (ClusterLayout.Node node : layout.nodes()) {
      process(node.id()).ifPresent(p -> pids.put(node.id(), p.pid()));
    }
    if (pids.isEmpty()) {
      return new Status(pids, Set.of(), Optional.empty(), Optional.empty(), "no node runs");
    }
    try (Admin admin = admin(timeout)) {
      Set<Integer> brokers = brokers(admin);
      Optional<Integer> leader = controllerLeader(admin);
      Optional<Partitions> partitions = partitions(admin, timeout, brokers.size());
      return new Status(pids, brokers, leader, partitions, brokers.isEmpty() ? "no broker answers" : "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Status(pids, Set.of(), Optional.empty(), Optional.empty(), "interrupted");
    }
  }

  /**
   * The state of the cluster at one moment.
   *
   * @param pids process id of each node whose process runs
   * @param brokers ids of the registered, unfenced brokers
   * @param controllerLeader the id of the controller that leads the quorum, when one does
   * @param partitions partition counts over every topic, when the brokers answered
   * @param problem why the cluster could not be asked, or empty
   */
  public record Status(Map<Integer, Long> pids, Set<Integer> brokers, Optional<Integer> controllerLeader,
      Optional<Partitions> partitions, String problem) {}

  /**
   * Partitions over every topic, internal ones included.
   *
   * @param total every partition
   * @param offline partitions without a leader (no write or read possible)
   * @param underReplicated partitions with fewer in-sync replicas than replicas
   * @param underMinIsr partitions with fewer in-sync replicas than the cluster's {@code min.insync.replicas}:
   *     writes with {@code acks=all} to them are refused
   * @param leaders partitions led by each broker
   */
  public record Partitions(int total, int offline, int underReplicated, int underMinIsr, Map<Integer, Integer> leaders) {}

  private Optional<Partitions> partitions(Admin admin, Duration timeout, int liveBrokers) {
    if (liveBrokers == 0) {
      return Optional.empty();
    }
    try {
      Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      int total = 0;
      int offline = 0;
      int under = 0;
      int underMin = 0;
      Map<Integer, Integer> leaders = new TreeMap<>();
      for (TopicDescription d : topics.values()) {
        for (TopicPartitionInfo p : d.partitions()) {
          total++;
          if (p.leader() == null || p.leader().isEmpty()) {
            offline++;
          } else {
            leaders.merge(p.leader().id(), 1, Integer::sum);
          }
          if (p.isr().size() < p.replicas().size()) {
            under++;
          }
          if (p.isr().size() < Math.min(layout.minInsyncReplicas(), p.replicas().size())) {
            underMin++;
          }
        }
      }
      return Optional.of(new Partitions(total, offline, under, underMin, leaders));
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Admin admin(Duration timeout) {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis));
  }

  /** Ids of the brokers the cluster lists now; empty when no broker answers. */
  private static Set<Integer> brokers(Admin admin) throws InterruptedException {
    try {
      Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000)).nodes()
          .get(5, TimeUnit.SECONDS);
      Set<Integer> ids = new TreeSet<>();
      nodes.forEach(n -> ids.add(n.id()));
      return ids;
    } catch (ExecutionException | TimeoutException e) {
      return Set.of();
    }
  }

  private static Optional<Integer> controllerLeader(Admin admin) throws InterruptedException {
    try {
      QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS);
      return quorum.leaderId() >= 0 ? Optional.of(quorum.leaderId()) : Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    }
  }

  /** The last {@code n} lines of {@code log}, joined with " | ", for a one-line message. */
  public static String lastLines(Path log, int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static java.io.File nullFile() {
    return new java.io.File("/dev/null");
  }
}
