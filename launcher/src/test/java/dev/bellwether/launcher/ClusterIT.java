package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.embedded.ClusterLayout;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.embedded.LocalCluster;
import dev.bellwether.event.Alert;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.event.Tick;
import dev.bellwether.event.WindowStats;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Ticks;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import dev.bellwether.testing.CommittedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bellwether scaled out on a real three-node Kafka cluster, with faults while it runs: 50,000 raw
 * items on six partitions flow through two classifier, two alerts and two notifier instances
 * ({@code bellwether run --only <stage>} in child JVMs) on a local cluster of three KRaft nodes in
 * processes of their own ({@link LocalCluster}: replication factor 3, {@code min.insync.replicas}
 * 2). While the items flow, one broker is killed with SIGKILL and later restarted, one instance of
 * each stage is killed with SIGKILL and restarted, and every instance is restarted once in turn
 * (SIGTERM, as a rolling deployment does).
 *
 * <p>Afterwards the committed output ({@code read_committed}) holds every item exactly once; every
 * closed window counts exactly what the input puts in it; no item was late; the alerts equal
 * those of one alerts instance run without faults over the same scored input, on a broker of its
 * own; and a real webhook on loopback got no message twice and no episode state twice.
 *
 * <p>Waits follow progress: a step fails only when nothing has moved for {@link #STALL}, however
 * slow the machine. The children's and nodes' logs stay in the temporary directory when it fails.
 */
@Tag("slow")
class ClusterIT {

  private static final int ITEMS = 50_000;
  private static final int PARTITIONS = 6;
  /** Most items the feed is ahead of the scored output: the items flow during the faults, as from ingest. */
  private static final int AHEAD = 4_000;
  private static final Duration SPACING = Duration.ofMillis(288);
  private static final Duration SIZE = Duration.ofMinutes(15);
  private static final Duration ADVANCE = Duration.ofMinutes(1);
  private static final Duration STALL = Duration.ofSeconds(180);
  private static final String NOTIFIER_GROUP = "bellwether-notifier";

  /** Kept when the test fails: the children's and the nodes' logs are the diagnosis. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;

  /** Four hours of news ending an hour ago, so that every alert is recent enough to be notified. */
  private final Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(5));
  private final ClusterFeed feed = new ClusterFeed(start, SPACING);
  private final List<String> faults = new ArrayList<>();
  private final long began = System.nanoTime();

  @Test
  void fiftyThousandItemsThroughTwoInstancesPerStageSurviveKilledBrokersAndInstancesAndARollingRestart()
      throws Exception {
    ClusterLayout layout = ClusterLayout.createOrLoad(dir.resolve("cluster"), 3, 0);
    LocalCluster cluster = LocalCluster.of(layout, classPath(), "512m", false);
    Result result;
    List<ConsumerRecord<String, byte[]>> scoredCopy;
    try {
      cluster.start(Duration.ofMinutes(5), line -> log("cluster: " + line));
      String bootstrap = layout.bootstrapServers();
      TopicAdmin.ensureTopics(Map.of("bootstrap.servers", bootstrap), Topics.all(), PARTITIONS, (short) 0,
          Duration.ofSeconds(60));
      RawFeed.awaitLeaders(bootstrap);
      try (WebhookCounter hook = new WebhookCounter();
          CommittedReader scored = new CommittedReader(bootstrap, Topics.SCORED.name());
          CommittedReader windows = new CommittedReader(bootstrap, Topics.WINDOWS.name());
          CommittedReader alerts = new CommittedReader(bootstrap, Topics.ALERTS.name())) {
        Path config = childConfig(hook.url());
        List<Instance> instances = new ArrayList<>();
        for (String stage : List.of("classifier", "alerts", "notifier")) {
          for (String name : List.of("a", "b")) {
            Instance instance = new Instance(stage, name, bootstrap, config);
            instance.start();
            instances.add(instance);
          }
        }
        try {
          result = run(cluster, bootstrap, instances, scored, windows, alerts, hook);
        } finally {
          for (Instance instance : instances) {
            instance.stop();
          }
        }
        scoredCopy = readAll(bootstrap, Topics.SCORED.name());
      }
    } finally {
      cluster.stop(LocalCluster.STOP_TIMEOUT, line -> log("cluster: " + line));
    }

    Reference reference = reference(scoredCopy, result.expectedWindows().size());
    boolean alertsEqual = reference.alerts().equals(result.alerts());
    boolean windowsEqualReference = reference.windows().equals(result.windows());
    System.out.printf("ClusterIT: items=%d scoredRecords=%d duplicates=%d missing=%d windowsChecked=%d windowsEqualTruth=%b"
            + " windowRecords=%d windowsEmittedTwice=%d late=%d alerts=%d referenceAlerts=%d alertsEqualReference=%b"
            + " windowsEqualReference=%b webhookRequests=%d episodes=%d episodesAnnounced=%d messagesTwice=%d"
            + " statesTwice=%d seconds=%d%n  faults: %s%n  %s%n",
        ITEMS, result.scoredRecords(), result.duplicates().size(), result.missing().size(),
        result.expectedWindows().size(), result.windows().equals(result.expectedWindows()), result.windowRecords(),
        result.windowRecords() - result.windows().size(), result.late(), result.alerts().size(),
        reference.alerts().size(), alertsEqual, windowsEqualReference, result.requests(), result.episodes(),
        result.episodesAnnounced(), result.messagesTwice().size(), result.statesTwice().size(), seconds(),
        String.join("; ", faults), result.notes());

    assertThat(result.duplicates()).as("items scored more than once").isEmpty();
    assertThat(result.missing()).as("items never scored").isEmpty();
    assertThat(result.windowRecords() - result.windows().size()).as("windows emitted more than once").isZero();
    assertThat(result.windows()).as("closed windows against the ground truth").isEqualTo(result.expectedWindows());
    assertThat(result.late()).as("items counted late (each partition is in order)").isZero();
    assertThat(result.alerts()).as("alerts").isNotEmpty().isEqualTo(reference.alerts());
    assertThat(result.messagesTwice()).as("webhook messages received twice (same webhook-id)").isEmpty();
    assertThat(result.statesTwice()).as("episode states announced in more than one message").isEmpty();
    assertThat(result.episodesAnnounced()).as("episodes whose opening reached the webhook").isPositive();
  }

  /** Everything measured on the cluster. */
  private record Result(int scoredRecords, List<String> duplicates, List<String> missing,
      Map<String, List<Long>> expectedWindows, Map<String, List<Long>> windows, int windowRecords, int late,
      List<String> alerts, int requests, int episodes, int episodesAnnounced, Map<String, Integer> messagesTwice,
      Map<String, Integer> statesTwice, String notes) {}

  private Result run(LocalCluster cluster, String bootstrap, List<Instance> instances, CommittedReader scored,
      CommittedReader windows, CommittedReader alerts, WebhookCounter hook) throws Exception {
    AtomicInteger scoredSoFar = new AtomicInteger();
    AtomicReference<Throwable> feedFailed = new AtomicReference<>();
    Thread feeder = new Thread(() -> feed(bootstrap, scoredSoFar, feedFailed), "cluster-it-feed");
    feeder.setDaemon(true);
    feeder.start();
    try {
      Instance classifier = instances.get(0);
      Instance alertsB = instances.get(3);
      Instance notifierA = instances.get(4);

      awaitScored(scored, scoredSoFar, 5_000, instances, feedFailed);
      cluster.killNode(2);
      awaitFenced(cluster, 2);
      fault("broker 2 killed (SIGKILL)", scored, cluster);
      awaitScored(scored, scoredSoFar, 12_000, instances, feedFailed);
      fault("broker 2 still down", scored, cluster);
      cluster.startNode(2, line -> log("cluster: " + line));
      cluster.awaitBrokers(List.of(2), Duration.ofMinutes(5), line -> log("cluster: " + line));
      fault("broker 2 back", scored, cluster);

      awaitScored(scored, scoredSoFar, 18_000, instances, feedFailed);
      classifier.kill();
      fault("classifier-a killed (SIGKILL)", scored, null);
      classifier.start();
      awaitScored(scored, scoredSoFar, 24_000, instances, feedFailed);
      alertsB.kill();
      fault("alerts-b killed (SIGKILL)", scored, null);
      alertsB.start();
      awaitScored(scored, scoredSoFar, 30_000, instances, feedFailed);
      // Killed right after an episode opens, so that its announcement may be waiting in a group.
      awaitNewEpisode(alerts, scored, scoredSoFar, 36_000, instances, feedFailed);
      notifierA.kill();
      fault("notifier-a killed (SIGKILL) just after a new episode, " + hook.count() + " webhook requests so far",
          scored, null);
      notifierA.start();

      awaitScored(scored, scoredSoFar, 34_000, instances, feedFailed);
      fault("rolling restart begins", scored, null);
      for (Instance instance : instances) {
        instance.stop();
        instance.start();
      }
      fault("rolling restart done", scored, cluster);

      Progressing.await("every item scored", STALL, () -> distinctIds(scored, scoredSoFar),
          () -> failIfDead(instances, feedFailed) && distinctIds(scored, scoredSoFar) >= ITEMS,
          () -> diagnosis(instances, scored));
    } finally {
      feeder.interrupt();
    }

    Map<String, Sentiment> labels = new HashMap<>();
    Map<String, Sentiment> entityLabels = new HashMap<>();
    Map<String, String> topics = new HashMap<>();
    Map<String, Integer> perId = new HashMap<>();
    JsonCodec<ScoredNewsItem> codec = Topics.SCORED.valueSerde().codec();
    scored.poll();
    for (ConsumerRecord<String, byte[]> r : scored.records()) {
      ScoredNewsItem item = codec.decode(r.value());
      perId.merge(item.item().id(), 1, Integer::sum);
      labels.put(item.item().id(), item.sentiment().label());
      // An entity scope counts the item with that entity's own sentiment (ScopeFanOut.countedIn).
      entityLabels.put(item.item().id(), item.item().entities().isEmpty()
          ? item.sentiment().label() : item.sentimentOf(item.item().entities().get(0)).label());
      topics.put(item.item().id(), item.topic().label());
    }
    Map<String, List<Long>> expected = expectedWindows(labels, entityLabels, topics);
    Progressing.await("every window closed on " + Topics.WINDOWS.name(), STALL, windows::poll,
        () -> failIfDead(instances, feedFailed) && finalWindows(windows).keySet().containsAll(expected.keySet()),
        () -> diagnosis(instances, windows));
    awaitQuiet(alerts, instances);
    awaitNotified(bootstrap, alerts, hook, instances);

    List<String> duplicates = perId.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    List<String> missing = RawFeed.ids(0, ITEMS).stream().filter(id -> !perId.containsKey(id)).toList();
    List<String> alertValues = alertValues(alerts.records());
    Set<String> episodes = new TreeSet<>();
    alertValues.forEach(a -> episodes.add(a.substring(0, a.indexOf(' '))));
    Set<String> announced = new TreeSet<>();
    hook.states().forEach(s -> announced.add(s.substring(0, s.indexOf('/'))));
    int late;
    try (CommittedReader lateReader = new CommittedReader(bootstrap, Topics.LATE.name())) {
      late = readAllOf(lateReader);
    }
    return new Result(scored.records().size(), duplicates, missing, expected, finalWindows(windows),
        windows.records().size(), late, alertValues, hook.count(), episodes.size(), announced.size(), hook.idsTwice(),
        hook.statesTwice(), unannounced(alerts.records(), announced) + "\n  notifier hand-overs: " + handOvers()
            + "\n  announced: " + hook.states());
  }

  /**
   * The episodes no message announced, each with its revisions ({@code revision:status:severity}):
   * an episode that resolves while its opening still waits in its group is never announced, by design.
   */
  private static String unannounced(List<ConsumerRecord<String, byte[]>> records, Set<String> announced)
      throws dev.bellwether.kafka.InvalidRecordException {
    JsonCodec<Alert> codec = Topics.ALERTS.valueSerde().codec();
    Map<String, List<String>> revisions = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      Alert a = codec.decode(r.value());
      if (!announced.contains(a.id())) {
        revisions.computeIfAbsent(a.id() + " " + a.scope(), k -> new ArrayList<>())
            .add(a.revision() + ":" + a.status() + ":" + a.severity() + "@" + a.windowEnd());
      }
    }
    return "episodes not announced: " + (revisions.isEmpty() ? "none" : revisions.toString());
  }

  /** What the notifiers' logs say about partitions they handed over: revocations, announcements left, deliveries on the wire. */
  private String handOvers() throws java.io.IOException {
    int revoked = 0;
    int lost = 0;
    int left = 0;
    int onTheWire = 0;
    try (java.util.stream.Stream<Path> logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().matches("notifier-.*\\.log")).toList()) {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) announcement\\(s\\) not yet sent left")
              .matcher(line);
          if (m.find()) {
            left += Integer.parseInt(m.group(1));
            if (line.contains("revoked")) {
              revoked++;
            } else {
              lost++;
            }
          }
          if (line.contains("were still being delivered")) {
            onTheWire++;
          }
        }
      }
    }
    return revoked + " revocations, " + lost + " losses, " + left + " announcements left to the next owner, "
        + onTheWire + " hand-overs with deliveries still on the wire";
  }

  /** Sends the items no more than {@link #AHEAD} ahead of the scored output, then ticks that close the last windows. */
  private void feed(String bootstrap, AtomicInteger scoredSoFar, AtomicReference<Throwable> failed) {
    try (RawFeed raw = new RawFeed(bootstrap, start, SPACING)) {
      int sent = 0;
      while (sent < ITEMS) {
        if (sent < scoredSoFar.get() + AHEAD) {
          int to = Math.min(ITEMS, sent + 500);
          for (int i = sent; i < to; i++) {
            raw.send(feed.item(i));
          }
          raw.flush();
          sent = to;
        } else {
          TimeUnit.MILLISECONDS.sleep(100);
        }
      }
      Instant end = feed.publishedAt(ITEMS - 1).plus(SIZE).plus(Duration.ofMinutes(5));
      try (KafkaProducer<String, byte[]> ticks = new KafkaProducer<>(Map.<String, Object>of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000),
          new StringSerializer(), new ByteArraySerializer())) {
        for (int p = 0; p < PARTITIONS; p++) {
          ticks.send(Ticks.record(Topics.RAW.name(), Tick.at(Tick.LIVE, end, p)));
        }
        ticks.flush();
      }
      log("feed: " + ITEMS + " items and the closing ticks sent");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failed.set(e);
    }
  }

  /** Returns once broker {@code id} has left the cluster's list of brokers (fenced), or after a minute. */
  private static void awaitFenced(LocalCluster cluster, int id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (cluster.status(Duration.ofSeconds(10)).brokers().contains(id) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  /**
   * Returns once a new episode opens (a revision 1 arrives on the alerts topic), or once
   * {@code orScored} items are scored, whichever comes first.
   */
  private static void awaitNewEpisode(CommittedReader alerts, CommittedReader scored, AtomicInteger scoredSoFar,
      int orScored, List<Instance> instances, AtomicReference<Throwable> feedFailed) {
    int seen = readAllOf(alerts);
    JsonCodec<Alert> codec = Topics.ALERTS.valueSerde().codec();
    Progressing.await("a new episode, or " + orScored + " scored", STALL,
        () -> poll(scored, scoredSoFar) + alerts.poll(), () -> {
          failIfDead(instances, feedFailed);
          alerts.poll();
          List<ConsumerRecord<String, byte[]>> records = alerts.records();
          for (int i = seen; i < records.size(); i++) {
            if (codec.decode(records.get(i).value()).revision() == 1) {
              return true;
            }
          }
          return poll(scored, scoredSoFar) >= orScored;
        }, () -> diagnosis(instances, scored));
  }

  private void awaitScored(CommittedReader scored, AtomicInteger scoredSoFar, int target, List<Instance> instances,
      AtomicReference<Throwable> feedFailed) {
    Progressing.await("committed scored records reach " + target, STALL, () -> poll(scored, scoredSoFar),
        () -> failIfDead(instances, feedFailed) && poll(scored, scoredSoFar) >= target,
        () -> diagnosis(instances, scored));
  }

  /** Polls {@code reader} until a few polls in a row bring nothing new (at most 100 polls); returns the records held. */
  private static int readAllOf(CommittedReader reader) {
    int n = reader.poll();
    for (int still = 0, polls = 0; still < 5 && polls < 100; polls++) {
      int next = reader.poll();
      still = next == n ? still + 1 : 0;
      n = next;
    }
    return n;
  }

  private static int poll(CommittedReader reader, AtomicInteger soFar) {
    int n = reader.poll();
    soFar.set(n);
    return n;
  }

  private static int distinctIds(CommittedReader scored, AtomicInteger soFar) {
    poll(scored, soFar);
    return (int) scored.records().stream().map(ConsumerRecord::key).distinct().count();
  }

  /** True, unless an instance has died on its own or the feed failed: then the test fails at once. */
  private static boolean failIfDead(List<Instance> instances, AtomicReference<Throwable> feedFailed) {
    if (feedFailed.get() != null) {
      throw new AssertionError("the feed failed", feedFailed.get());
    }
    for (Instance instance : instances) {
      assertThat(instance.alive()).as("%s is alive: %s", instance, instance.describe()).isTrue();
    }
    return true;
  }

  /** Waits until the alerts topic has had no new record for half a minute. */
  private static void awaitQuiet(CommittedReader alerts, List<Instance> instances) {
    long[] last = {alerts.poll(), System.nanoTime()};
    Progressing.await("alerts settle", STALL, alerts::poll, () -> {
      int n = alerts.poll();
      if (n != last[0]) {
        last[0] = n;
        last[1] = System.nanoTime();
      }
      return System.nanoTime() - last[1] > TimeUnit.SECONDS.toNanos(30);
    }, () -> diagnosis(instances, alerts));
  }

  /**
   * Waits until the notifiers have committed every alert record, which they do only once every
   * delivery it led to is over, and the webhook has heard nothing new for half a minute.
   */
  private static void awaitNotified(String bootstrap, CommittedReader alerts, WebhookCounter hook,
      List<Instance> instances) throws Exception {
    Map<Integer, Long> needed = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : alerts.records()) {
      needed.merge(r.partition(), r.offset() + 1, Math::max);
    }
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
      long[] quietSince = {hook.count(), System.nanoTime()};
      Progressing.await("notifiers commit every alert", STALL, () -> committed(admin).values().stream()
          .mapToLong(Long::longValue).sum() + hook.count(), () -> {
            if (hook.count() != quietSince[0]) {
              quietSince[0] = hook.count();
              quietSince[1] = System.nanoTime();
            }
            Map<Integer, Long> committed = committed(admin);
            return needed.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue())
                && System.nanoTime() - quietSince[1] > TimeUnit.SECONDS.toNanos(30);
          }, () -> "needed " + needed + ", committed " + committed(admin) + "\n" + diagnosis(instances, alerts));
    }
  }

  private static Map<Integer, Long> committed(Admin admin) {
    try {
      Map<Integer, Long> out = new TreeMap<>();
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets(NOTIFIER_GROUP)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).entrySet()) {
        if (e.getKey().topic().equals(Topics.ALERTS.name()) && e.getValue() != null) {
          out.put(e.getKey().partition(), e.getValue().offset());
        }
      }
      return out;
    } catch (Exception e) {
      return Map.of();
    }
  }

  /**
   * Items, negative, neutral and positive per {@code <scope>@<window end>} of every window an item
   * falls in: with the item's sentiment in its topic and the market, its entity's own in the entity's.
   */
  private Map<String, List<Long>> expectedWindows(Map<String, Sentiment> labels, Map<String, Sentiment> entityLabels,
      Map<String, String> topics) {
    Map<String, long[]> counts = new TreeMap<>();
    long size = SIZE.toMillis();
    long advance = ADVANCE.toMillis();
    for (int i = 0; i < ITEMS; i++) {
      RawNewsItem item = feed.item(i);
      long at = item.publishedAt().toEpochMilli();
      String entityScope = "entity:" + item.entities().get(0);
      List<String> scopes = List.of("topic:" + topics.get(item.id()), entityScope, "market");
      for (long end = Math.floorDiv(at, advance) * advance + advance; end <= at + size; end += advance) {
        for (String scope : scopes) {
          Sentiment label = (scope.equals(entityScope) ? entityLabels : labels).get(item.id());
          long[] c = counts.computeIfAbsent(scope + "@" + Instant.ofEpochMilli(end), k -> new long[4]);
          c[0]++;
          if (label != null) {
            c[1 + label.ordinal()]++;
          }
        }
      }
    }
    Map<String, List<Long>> out = new TreeMap<>();
    counts.forEach((k, c) -> out.put(k, List.of(c[0], c[1], c[2], c[3])));
    return out;
  }

  /** The last value of each window on {@code reader}: items, negative, neutral, positive per {@code <scope>@<window end>}. */
  private static Map<String, List<Long>> finalWindows(CommittedReader reader) {
    JsonCodec<WindowStats> codec = Topics.WINDOWS.valueSerde().codec();
    Map<String, List<Long>> out = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : reader.records()) {
      try {
        WindowStats w = codec.decode(r.value());
        out.put(w.scope() + "@" + w.windowEnd(), windowCounts(w));
      } catch (dev.bellwether.kafka.InvalidRecordException e) {
        throw new AssertionError("unreadable window record at offset " + r.offset(), e);
      }
    }
    return out;
  }

  /** A window's counts in the order of the labels of {@link Sentiment}: items, then per label. */
  private static List<Long> windowCounts(WindowStats w) {
    long[] byLabel = new long[3];
    byLabel[Sentiment.NEGATIVE.ordinal()] = w.negative();
    byLabel[Sentiment.NEUTRAL.ordinal()] = w.neutral();
    byLabel[Sentiment.POSITIVE.ordinal()] = w.positive();
    return List.of(w.items(), byLabel[0], byLabel[1], byLabel[2]);
  }

  /** Each alert record as its id, revision and full JSON, sorted: what two runs must agree on. */
  private static List<String> alertValues(List<ConsumerRecord<String, byte[]>> records) {
    JsonCodec<Alert> codec = Topics.ALERTS.valueSerde().codec();
    List<String> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      try {
        Alert a = codec.decode(r.value());
        out.add(a.id() + " " + String.format(java.util.Locale.ROOT, "%05d", a.revision()) + " " + new String(codec.encode(a),
            StandardCharsets.UTF_8));
      } catch (dev.bellwether.kafka.InvalidRecordException e) {
        throw new AssertionError("unreadable alert at offset " + r.offset(), e);
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** What one alerts instance, without faults, makes of the same scored input on a broker of its own. */
  private record Reference(List<String> alerts, Map<String, List<Long>> windows) {}

  private Reference reference(List<ConsumerRecord<String, byte[]>> scored, int expectedWindows) throws Exception {
    long t0 = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("reference-broker"), 0)) {
      String bootstrap = broker.bootstrapServers();
      TopicAdmin.ensureTopics(Map.of("bootstrap.servers", bootstrap), Topics.all(), PARTITIONS, (short) 1,
          Duration.ofSeconds(60));
      RawFeed.awaitLeaders(bootstrap);
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20),
          new StringSerializer(), new ByteArraySerializer())) {
        // Partition by partition, in the cluster's order, ticks included: the same input the cluster's alerts stage read.
        for (ConsumerRecord<String, byte[]> r : scored) {
          producer.send(new ProducerRecord<>(Topics.SCORED.name(), r.partition(), null, r.key(), r.value(), r.headers()));
        }
        producer.flush();
      }
      Path config = dir.resolve("reference.yaml");
      Files.writeString(config, String.join("\n", "kafka:", "  partitions: " + PARTITIONS, "alerts:",
          "  market-topics: []", "  spike:", "    window-rule: true", "metrics:", "  enabled: false", "console:", "  enabled: false", ""), StandardCharsets.UTF_8);
      try (CommittedReader windows = new CommittedReader(bootstrap, Topics.WINDOWS.name());
          CommittedReader alerts = new CommittedReader(bootstrap, Topics.ALERTS.name());
          ChildBellwether child = ChildBellwether.start(List.of("--config", config.toString(), "--bootstrap-servers",
              bootstrap, "--only", "alerts", "--data-dir", dir.resolve("reference-state").toString()), Map.of(),
              dir.resolve("reference.log"))) {
        Progressing.await("the reference run closes every window", STALL, windows::poll,
            () -> finalWindows(windows).size() >= expectedWindows, child::describe);
        awaitQuiet(alerts, List.of());
        log("reference: " + alerts.records().size() + " alert records in "
            + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s");
        return new Reference(alertValues(alerts.records()), finalWindows(windows));
      }
    }
  }

  /** Every committed record of {@code topic}, ticks included, in partition and offset order. */
  private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20),
        new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).sorted(Comparator.comparingInt(TopicPartition::partition))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      Map<Integer, List<ConsumerRecord<String, byte[]>>> byPartition = new TreeMap<>();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          byPartition.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
        }
      }
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      byPartition.values().forEach(out::addAll);
      return out;
    }
  }

  /** Settings of every instance: a webhook on loopback, short group waits, quick failure detection, no ports. */
  private Path childConfig(String webhook) throws java.io.IOException {
    Path file = dir.resolve("instance.yaml");
    Files.writeString(file, String.join("\n",
        "kafka:",
        "  partitions: " + PARTITIONS,
        "  num-standby-replicas: 1",
        "  client-overrides:",
        "    session.timeout.ms: \"10000\"",
        "    heartbeat.interval.ms: \"1000\"",
        "classifier:",
        "  intra-op-threads: 1",
        "notifier:",
        "  console: false",
        "  max-alert-age: 24h",
        "  webhooks:",
        "    - name: counter",
        "      url: " + webhook,
        "      format: json",
        "  grouping:",
        "    group-wait: 5s",
        "    group-interval: 10s",
        "alerts:",
        "  market-topics: []", // the market counts every item, as the ground truth does
        "  spike:",
        "    window-rule: true", // the feed's share spikes at steady volume are what the windowed rule sees
        "metrics:",
        "  enabled: false",
        "console:",
        "  enabled: false",
        ""), StandardCharsets.UTF_8);
    return file;
  }

  /** One instance of a stage: {@code bellwether run --only <stage>} in a child JVM, started again after each stop. */
  private final class Instance {
    final String stage;
    final String name;
    final String bootstrap;
    final Path config;
    int runs;
    ChildBellwether child;

    Instance(String stage, String name, String bootstrap, Path config) {
      this.stage = stage;
      this.name = name;
      this.bootstrap = bootstrap;
      this.config = config;
    }

    void start() {
      long t0 = System.nanoTime();
      child = ChildBellwether.start(List.of("--config", config.toString(), "--bootstrap-servers", bootstrap, "--only",
          stage, "--data-dir", dir.resolve("state-" + this).toString()), Map.of(), dir.resolve(this + "-" + runs++ + ".log"));
      log(this + " running after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
    }

    void kill() {
      child.kill();
    }

    /** SIGTERM, as a rolling restart or a scale-down does. */
    void stop() {
      if (child != null && child.isAlive()) {
        long t0 = System.nanoTime();
        int code = child.terminate(Duration.ofSeconds(120));
        log(this + " stopped (exit " + code + ") in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
      }
    }

    boolean alive() {
      return child != null && child.isAlive();
    }

    String describe() {
      return child == null ? "not started" : child.describe();
    }

    @Override
    public String toString() {
      return stage + "-" + name;
    }
  }

  private void fault(String what, CommittedReader scored, LocalCluster cluster) {
    String line = what + " at " + readAllOf(scored) + " scored (" + seconds() + " s)";
    if (cluster != null) {
      LocalCluster.Status s = cluster.status(Duration.ofSeconds(10));
      line += s.partitions().map(p -> ", brokers " + s.brokers() + ", partitions without leader " + p.offline()
          + ", under-replicated " + p.underReplicated() + ", below min ISR " + p.underMinIsr()).orElse(", " + s.problem());
    }
    faults.add(line);
    log(line);
  }

  private static String diagnosis(List<Instance> instances, CommittedReader reader) {
    StringBuilder b = new StringBuilder("committed per partition: " + reader.perPartition());
    for (Instance i : instances) {
      b.append("\n").append(i).append(": ").append(i.describe());
    }
    return b.toString();
  }

  private long seconds() {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
  }

  private void log(String line) {
    System.out.println("[ClusterIT " + seconds() + " s] " + line);
  }

  /** The class path of this test JVM, for the nodes' JVMs (as {@link ChildBellwether} gives its children). */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }
}
