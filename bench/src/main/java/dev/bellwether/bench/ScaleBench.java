package dev.bellwether.bench;

import dev.bellwether.embedded.ClusterLayout;
import dev.bellwether.embedded.LocalCluster;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.Tick;
import dev.bellwether.event.WindowStats;
import dev.bellwether.kafka.Decoded;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Ticks;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.TopicSpec;
import dev.bellwether.kafka.Topics;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The scale-out benchmark: the scoring and alerting stages with 1, 2, ... instances each (every
 * instance a {@code bellwether run --only <stage>} in a JVM of its own) on one local three-node
 * Kafka cluster ({@link LocalCluster}: replication factor 3, {@code min.insync.replicas} 2,
 * exactly-once). For each instance count, on fresh topics, once every instance has joined its
 * group: a backlog of generated items is written to {@code news.raw} and timed until every item
 * is scored ({@code read_committed}) and until the alerting stage has closed the last window; the
 * CPU time of the stages and of the brokers is taken from their processes.
 */
public final class ScaleBench {

  private static final Duration SPACING = Duration.ofMillis(250);
  private static final Duration STALL = Duration.ofMinutes(3);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
  private static final List<String> TICKERS = List.of("ACME", "GLBX", "INTC", "UMBR", "STRK", "WAYN", "HOOL", "VNDL");

  private ScaleBench() {}

  /**
   * What to run.
   *
   * @param instances the instance counts to measure, each a run of its own, in this order
   * @param items items per run
   * @param partitions partitions of every topic
   * @param heap largest heap of each stage's and each node's JVM
   */
  public record Options(List<Integer> instances, int items, int partitions, String heap) {}

  /**
   * What one run measured.
   *
   * @param instances instances of each stage
   * @param intraOpThreads ONNX Runtime threads of each classifier instance
   * @param items items written
   * @param scoredSeconds from the first item written until every item was scored and readable
   * @param closedSeconds from the first item written until the alerting stage closed the last window
   * @param cpuSeconds CPU seconds each group of processes used in that time: classifier, alerts, brokers
   * @param loadAverage the machine's one-minute load average at the end of the run
   */
  public record Run(int instances, int intraOpThreads, int items, double scoredSeconds, double closedSeconds,
      Map<String, Double> cpuSeconds, double loadAverage) {

    /** Items per second scored. */
    public double scoredPerSecond() {
      return items / scoredSeconds;
    }

    /** Items per second through scoring and alerting. */
    public double closedPerSecond() {
      return items / closedSeconds;
    }

    /** The JSON form, field names in snake case. */
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("instances_per_stage", instances);
      m.put("classifier_intra_op_threads", intraOpThreads);
      m.put("items", items);
      m.put("scored_seconds", Throughput.round(scoredSeconds, 1));
      m.put("scored_per_second", Throughput.round(scoredPerSecond(), 1));
      m.put("windows_closed_seconds", Throughput.round(closedSeconds, 1));
      m.put("end_to_end_per_second", Throughput.round(closedPerSecond(), 1));
      Map<String, Object> cpu = new LinkedHashMap<>();
      cpuSeconds.forEach((k, v) -> cpu.put(k, Throughput.round(v, 1)));
      m.put("cpu_seconds", cpu);
      m.put("scored_per_classifier_cpu_second", Throughput.round(items / cpuSeconds.get("classifier"), 1));
      m.put("load_average_1m", Throughput.round(loadAverage, 1));
      return m;
    }
  }

  /** A table of {@code runs}, one line each. */
  public static String table(List<Run> runs) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "%-10s %-8s %-8s %-12s %-9s %-16s %-12s %-28s %-10s%n", "instances", "threads", "items", "scored in",
        "items/s", "windows closed", "items/s e2e", "CPU s classifier/alerts/kafka", "load avg"));
    for (Run r : runs) {
      b.append(String.format(Locale.ROOT, "%-10d %-8d %-8d %-12s %-9.1f %-16s %-12.1f %-28s %-10.1f%n", r.instances(),
          r.intraOpThreads(), r.items(), String.format(Locale.ROOT, "%.1f s", r.scoredSeconds()), r.scoredPerSecond(),
          String.format(Locale.ROOT, "%.1f s", r.closedSeconds()), r.closedPerSecond(),
          String.format(Locale.ROOT, "%.0f / %.0f / %.0f", r.cpuSeconds().get("classifier"), r.cpuSeconds().get("alerts"),
              r.cpuSeconds().get("kafka")), r.loadAverage()));
    }
    return b.toString();
  }

  /**
   * Starts a cluster in {@code dir}, runs every instance count of {@code options} on it, and stops it.
   *
   * @param classPath the class path the nodes and the stages run from
   * @param progress told what happens, a line at a time
   */
  public static List<Run> run(Options options, String classPath, Path dir, PrintStream progress) throws Exception {
    ClusterLayout layout = ClusterLayout.createOrLoad(dir.resolve("cluster"), 3, 0);
    LocalCluster cluster = LocalCluster.of(layout, classPath, options.heap(), false);
    List<StageProcess> live = new CopyOnWriteArrayList<>();
    // Ctrl-C stops what the bench started rather than leaving JVMs behind.
    Thread cleanUp = new Thread(() -> {
      live.forEach(StageProcess::close);
      cluster.stop(LocalCluster.STOP_TIMEOUT, line -> { });
    }, "bench-cluster-clean-up");
    Runtime.getRuntime().addShutdownHook(cleanUp);
    List<Run> runs = new ArrayList<>();
    try {
      progress.println("scale: starting a local three-node Kafka cluster in " + layout.dir() + " ...");
      cluster.start(Duration.ofMinutes(5), line -> progress.println("  " + line));
      for (int instances : options.instances()) {
        runs.add(runOnce(cluster, instances, options, classPath, dir.resolve("run-" + instances), live, progress));
      }
    } finally {
      cluster.stop(LocalCluster.STOP_TIMEOUT, line -> progress.println("  " + line));
      try {
        Runtime.getRuntime().removeShutdownHook(cleanUp);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs anyway.
      }
    }
    return runs;
  }

  private static Run runOnce(LocalCluster cluster, int instances, Options options, String classPath, Path dir,
      List<StageProcess> live, PrintStream progress) throws Exception {
    String bootstrap = cluster.layout().bootstrapServers();
    Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
    freshTopics(client, options.partitions(), progress);
    Files.createDirectories(dir);
    String prefix = "bench-" + instances + "x-" + Long.toHexString(System.nanoTime() & 0xffffff);
    int cores = Runtime.getRuntime().availableProcessors();
    int threads = Math.max(1, cores / instances);
    Map<String, String> env = Map.of(
        "BELLWETHER_KAFKA_APPLICATION_ID_PREFIX", prefix,
        "BELLWETHER_KAFKA_PARTITIONS", Integer.toString(options.partitions()),
        "BELLWETHER_CLASSIFIER_INTRA_OP_THREADS", Integer.toString(threads),
        "BELLWETHER_METRICS_ENABLED", "false",
        "BELLWETHER_CONSOLE_ENABLED", "false");
    List<StageProcess> classifiers = new ArrayList<>();
    List<StageProcess> alerts = new ArrayList<>();
    try {
      for (int i = 1; i <= instances; i++) {
        for (String stage : List.of("classifier", "alerts")) {
          String name = stage + "-" + i;
          progress.println("scale: " + instances + " per stage: starting " + name + " ...");
          StageProcess p = StageProcess.start(name, classPath, options.heap(), List.of("--bootstrap-servers", bootstrap,
              "--only", stage, "--data-dir", dir.resolve(name).toString()), env, dir.resolve(name + ".log"));
          (stage.equals("classifier") ? classifiers : alerts).add(p);
          live.add(p);
        }
      }
      try (Admin admin = Admin.create(client)) {
        awaitMembers(admin, List.of(prefix + "-classifier", prefix + "-alerts"), instances, progress);
      }
      progress.println("scale: " + instances + " per stage (" + threads + " ONNX thread(s) each): writing "
          + options.items() + " items ...");
      Map<String, Duration> cpuBefore = cpu(cluster, classifiers, alerts);
      long t0 = System.nanoTime();
      Instant lastWindowEnd = write(bootstrap, options.items(), options.partitions());
      double[] done = measure(bootstrap, options.items(), lastWindowEnd, t0, instances, progress);
      Map<String, Duration> cpuAfter = cpu(cluster, classifiers, alerts);
      Map<String, Double> cpuSeconds = new LinkedHashMap<>();
      cpuAfter.forEach((k, v) -> cpuSeconds.put(k, (v.toMillis() - cpuBefore.get(k).toMillis()) / 1000.0));
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      Run run = new Run(instances, threads, options.items(), done[0], done[1], cpuSeconds, load);
      progress.printf(Locale.ROOT, "scale: %d per stage: %d items scored in %.1f s (%.1f/s), last window closed after"
          + " %.1f s%n", instances, options.items(), done[0], run.scoredPerSecond(), done[1]);
      return run;
    } finally {
      progress.println("scale: stopping the stages ...");
      for (StageProcess p : live) {
        p.close();
        live.remove(p);
      }
    }
  }

  /** Deletes Bellwether's topics and every Streams internal topic left by an earlier run, then creates them anew. */
  private static void freshTopics(Map<String, Object> client, int partitions, PrintStream progress) throws Exception {
    Set<String> ours = Topics.all().stream().map(TopicSpec::name).collect(Collectors.toSet());
    try (Admin admin = Admin.create(client)) {
      Set<String> old = admin.listTopics().names().get(60, TimeUnit.SECONDS).stream()
          .filter(t -> ours.contains(t) || t.startsWith("bench-")).collect(Collectors.toSet());
      if (!old.isEmpty()) {
        progress.println("scale: deleting " + old.size() + " topics of the previous run ...");
        admin.deleteTopics(old).all().get(120, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (admin.listTopics().names().get(60, TimeUnit.SECONDS).stream().anyMatch(old::contains)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("topics of the previous run still exist after 2 minutes");
          }
          TimeUnit.MILLISECONDS.sleep(250);
        }
      }
    }
    for (int attempt = 1; ; attempt++) {
      try {
        TopicAdmin.ensureTopics(client, Topics.all(), partitions, (short) 0, Duration.ofSeconds(120));
        return;
      } catch (IllegalStateException e) {
        // A topic deleted a moment ago may still be being removed from the brokers.
        if (attempt == 10) {
          throw e;
        }
        TimeUnit.SECONDS.sleep(2);
      }
    }
  }

  /** Waits until each Streams application's group is stable with {@code members} members. */
  private static void awaitMembers(Admin admin, List<String> groups, int members, PrintStream progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + STALL.toNanos();
    while (true) {
      try {
        Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all()
            .get(30, TimeUnit.SECONDS);
        if (described.values().stream().allMatch(d -> d.groupState() == GroupState.STABLE
            && d.members().size() == members)) {
          return;
        }
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        // Not there yet: asked again below.
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("groups " + groups + " did not become stable with " + members + " members in "
            + STALL.toMinutes() + " minutes");
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  /**
   * Writes {@code items} generated headlines (a few words to a headline with a summary) published
   * {@link #SPACING} apart and ending an hour ago, then a tick to every partition that closes every
   * window; returns the end of the last window that holds an item.
   */
  private static Instant write(String bootstrap, int items, int partitions) {
    List<String> headlines = BenchHeadlines.generate(Math.min(items, 5_000));
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1))
        .minus(SPACING.multipliedBy(items));
    JsonCodec<RawNewsItem> codec = Topics.RAW.valueSerde().codec();
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
    Instant last = start;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < items; i++) {
        last = start.plus(SPACING.multipliedBy(i));
        String id = "scale-" + i;
        String ticker = TICKERS.get(i % TICKERS.size());
        RawNewsItem item = RawNewsItem.of(id, "bench-scale", "https://bench.test/" + i,
            ticker + ": " + headlines.get(i % headlines.size()), "", last, last, List.of(ticker));
        producer.send(new ProducerRecord<>(Topics.RAW.name(), id, codec.encode(item)));
      }
      Instant closing = last.plus(Duration.ofMinutes(30));
      for (int p = 0; p < partitions; p++) {
        producer.send(Ticks.record(Topics.RAW.name(), Tick.at(Tick.LIVE, closing, p)));
      }
      producer.flush();
    }
    long advance = Duration.ofMinutes(1).toMillis();
    long end = Math.floorDiv(last.toEpochMilli() + Duration.ofMinutes(15).toMillis(), advance) * advance;
    return Instant.ofEpochMilli(end);
  }

  /**
   * Reads {@code news.scored} and {@code sentiment.windows} until every item is scored and the
   * market window ending at {@code lastWindowEnd} is closed; returns both times in seconds from {@code t0}.
   */
  private static double[] measure(String bootstrap, int items, Instant lastWindowEnd, long t0, int instances,
      PrintStream progress) throws InterruptedException {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
    JsonCodec<WindowStats> windows = Topics.WINDOWS.valueSerde().codec();
    double scoredAt = -1;
    double closedAt = -1;
    int scored = 0;
    Instant closedThrough = Instant.EPOCH;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.SCORED.name(), Topics.WINDOWS.name())) {
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic,
            p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long lastMove = System.nanoTime();
      long nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
      while (scoredAt < 0 || closedAt < 0) {
        boolean moved = false;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (Ticks.isTick(r.headers())) {
            continue;
          }
          moved = true;
          if (r.topic().equals(Topics.SCORED.name())) {
            scored++;
          } else {
            Decoded<WindowStats> w = Decoded.of(windows, r.value());
            if (w.ok() && w.value().scope().equals("market") && w.value().windowEnd().isAfter(closedThrough)) {
              closedThrough = w.value().windowEnd();
            }
          }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (scoredAt < 0 && scored >= items) {
          scoredAt = seconds;
        }
        if (closedAt < 0 && !closedThrough.isBefore(lastWindowEnd)) {
          closedAt = seconds;
        }
        if (moved) {
          lastMove = System.nanoTime();
        } else if (System.nanoTime() - lastMove > STALL.toNanos()) {
          throw new IllegalStateException("nothing was scored or closed for " + STALL.toMinutes() + " minutes ("
              + scored + " of " + items + " scored); see the stages' logs");
        }
        if (System.nanoTime() > nextReport) {
          progress.printf(Locale.ROOT, "scale: %d per stage: %,d of %,d scored (%.0f/s), windows closed to %s, %.0f s%n",
              instances, scored, items, scored / seconds, closedThrough, seconds);
          nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
        }
      }
    }
    return new double[] {scoredAt, closedAt};
  }

  /** CPU time so far of the classifier instances, the alerts instances and the Kafka nodes. */
  private static Map<String, Duration> cpu(LocalCluster cluster, List<StageProcess> classifiers,
      List<StageProcess> alerts) {
    Map<String, Duration> out = new LinkedHashMap<>();
    out.put("classifier", classifiers.stream().map(StageProcess::cpu).reduce(Duration.ZERO, Duration::plus));
    out.put("alerts", alerts.stream().map(StageProcess::cpu).reduce(Duration.ZERO, Duration::plus));
    Duration kafka = Duration.ZERO;
    for (ClusterLayout.Node node : cluster.layout().nodes()) {
      kafka = kafka.plus(cluster.process(node.id()).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO));
    }
    out.put("kafka", kafka);
    return out;
  }
}
