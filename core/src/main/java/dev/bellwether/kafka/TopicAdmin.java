package dev.bellwether.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Bellwether's topics at start-up when they are missing. Existing topics keep their
 * partitions and retention, but are switched to broker-append timestamps
 * ({@link TopicSpec#TIMESTAMP_TYPE}) when an older Bellwether created them with the producer's
 * (publication) time, which lets retention delete imported history at once.
 */
public final class TopicAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private static final Duration LEADER_POLL = Duration.ofMillis(100);

  private TopicAdmin() {}

  /**
   * Creates every topic in {@code specs} that does not exist yet. New topics with three or more
   * replicas get {@code min.insync.replicas} 2 ({@link #minInsyncReplicasFor}); existing topics
   * with fewer replicas than new ones would get are named in a warning.
   *
   * @param adminConfig Kafka admin client settings (at least {@code bootstrap.servers})
   * @param specs topics to ensure
   * @param partitions partitions for new topics; 0 means each spec's own default
   * @param replicationFactor replication factor for new topics; 0 chooses three, or as many as the
   *     cluster has brokers when fewer
   * @param timeout how long to wait for the cluster
   * @return the names of the topics this call created
   */
  public static List<String> ensureTopics(
      Map<String, Object> adminConfig,
      Collection<TopicSpec<?>> specs,
      int partitions,
      short replicationFactor,
      Duration timeout) {
    try (Admin admin = Admin.create(adminConfig)) {
      Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      short replicas = replicationFactor > 0 ? replicationFactor : replicationFactor(admin, 0, timeout);
      List<NewTopic> missing = new ArrayList<>();
      List<String> present = new ArrayList<>();
      for (TopicSpec<?> spec : specs) {
        if (!existing.contains(spec.name())) {
          int n = partitions > 0 ? partitions : spec.partitions();
          Map<String, String> configs = new HashMap<>(spec.configs());
          configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicasFor(replicas)));
          missing.add(new NewTopic(spec.name(), n, replicas).configs(configs));
        } else {
          present.add(spec.name());
        }
      }
      useAppendTime(admin, present, timeout);
      warnFewerReplicas(admin, present, replicas, timeout);
      List<String> created = new ArrayList<>();
      for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> e :
          admin.createTopics(missing).values().entrySet()) {
        try {
          e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          created.add(e.getKey());
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw ex;
          }
        }
      }
      if (!created.isEmpty()) {
        awaitWritable(admin, created, System.nanoTime() + timeout.toNanos());
        LOG.info("Created topics {}", created);
      }
      return created;
    } catch (ExecutionException | TimeoutException e) {
      String why = e instanceof TimeoutException
          ? "no answer within " + timeout.toSeconds() + " s"
          : String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      throw new IllegalStateException(
          "Could not create Bellwether's topics on " + adminConfig.get("bootstrap.servers") + ": " + why
              + ". Check that the Kafka cluster is reachable and that this client may create topics.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /**
   * The {@code min.insync.replicas} of a topic with {@code replicas} replicas: 2 from three
   * replicas on, so that an {@code acks=all} write is on two brokers before it is acknowledged and
   * one broker may be lost without stopping writes; 1 below (one lost broker of two would otherwise
   * stop every write).
   */
  public static int minInsyncReplicasFor(int replicas) {
    return replicas >= 3 ? 2 : 1;
  }

  /**
   * The replication factor for a new topic: {@code configured} when above 0, else three, or as
   * many as the cluster has brokers when fewer.
   *
   * @throws ExecutionException when the cluster cannot be described
   */
  public static short replicationFactor(Admin admin, int configured, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (configured > 0) {
      return (short) configured;
    }
    int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
    return (short) Math.max(1, Math.min(3, brokers));
  }

  /**
   * Warns about each of {@code topics} with fewer replicas than {@code wanted}: created by an older
   * Bellwether, or before brokers were added. Kafka does not add replicas by itself.
   */
  private static void warnFewerReplicas(Admin admin, List<String> topics, short wanted, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (topics.isEmpty() || wanted <= 1) {
      return;
    }
    for (TopicDescription d : admin.describeTopics(topics).allTopicNames()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).values()) {
      int replicas = d.partitions().isEmpty() ? wanted : d.partitions().get(0).replicas().size();
      if (replicas < wanted) {
        LOG.warn("Topic {} has {} replica(s) where new topics get {}: losing one broker can lose its records or stop"
                + " it. Add replicas with kafka-reassign-partitions and set min.insync.replicas={} on it"
                + " (docs/runbook.md, Losing a broker)", d.name(), replicas, wanted, minInsyncReplicasFor(wanted));
      }
    }
  }

  /**
   * The partitions of {@code news.scored}, after checking that {@code news.raw} has as many: ticks
   * keep their partition number from one to the other (see {@code Tick}), so the two must be
   * partitioned alike.
   *
   * @throws IllegalStateException naming both counts when they differ, or when the topics cannot be described
   */
  public static int itemPartitions(Map<String, Object> adminConfig, Duration timeout) {
    try (Admin admin = Admin.create(adminConfig)) {
      Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.RAW.name(), Topics.SCORED.name()))
          .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      int raw = topics.get(Topics.RAW.name()).partitions().size();
      int scored = topics.get(Topics.SCORED.name()).partitions().size();
      if (raw != scored) {
        throw new IllegalStateException(Topics.RAW.name() + " has " + raw + " partitions but " + Topics.SCORED.name()
            + " has " + scored + "; they must have as many (both are keyed by story id and event time moves from one"
            + " to the other partition by partition): add partitions to the smaller one with kafka-topics --alter");
      }
      return scored;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not describe " + Topics.RAW.name() + " and " + Topics.SCORED.name()
          + " on " + adminConfig.get("bootstrap.servers") + ": "
          + (e instanceof TimeoutException ? "no answer within " + timeout.toSeconds() + " s" : e.getCause().getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing topics", e);
    }
  }

  /**
   * Switches {@code topics} to broker-append timestamps where they still use the producer's. A
   * cluster that refuses (no ALTER_CONFIGS permission) is warned about, not fatal: the topics work,
   * but history older than their retention would be deleted as soon as it is written.
   */
  private static void useAppendTime(Admin admin, List<String> topics, Duration timeout)
      throws InterruptedException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, AlterConfigOp> changes = new HashMap<>();
    try {
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      configs.forEach((resource, config) -> {
        ConfigEntry type = config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
        if (type == null || !TopicSpec.TIMESTAMP_TYPE.equals(type.value())) {
          changes.put(resource, new AlterConfigOp(
              new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TopicSpec.TIMESTAMP_TYPE),
              AlterConfigOp.OpType.SET));
        }
      });
      if (changes.isEmpty()) {
        return;
      }
      Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
      changes.forEach((resource, op) -> ops.put(resource, List.of(op)));
      admin.incrementalAlterConfigs(ops).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("Switched topics {} to {} timestamps (event time is read from the payload)",
          changes.keySet().stream().map(ConfigResource::name).sorted().toList(), TopicSpec.TIMESTAMP_TYPE);
    } catch (ExecutionException e) {
      LOG.warn("Could not switch topics {} to {} timestamps ({}); imported history older than their retention "
              + "will be deleted as it is written. Set message.timestamp.type={} on them.",
          changes.keySet().stream().map(ConfigResource::name).sorted().toList(), TopicSpec.TIMESTAMP_TYPE,
          e.getCause() == null ? e.toString() : e.getCause().getMessage(), TopicSpec.TIMESTAMP_TYPE);
    }
  }

  /**
   * Returns once every partition of {@code topics} has a leader that answers for it. Creation
   * returns before leaders are elected, and an idempotent producer that starts writing to a
   * partition still electing its leader can get its sequence numbers out of step
   * (OutOfOrderSequence) and retry without end; the embedded default starts producing at once.
   */
  private static void awaitWritable(Admin admin, List<String> topics, long deadlineNanos)
      throws InterruptedException, TimeoutException {
    for (Optional<String> notYet = unwritable(admin, topics); notYet.isPresent(); notYet = unwritable(admin, topics)) {
      if (System.nanoTime() > deadlineNanos) {
        throw new TimeoutException("new topics " + topics + " still not writable: " + notYet.get());
      }
      TimeUnit.MILLISECONDS.sleep(LEADER_POLL.toMillis());
    }
  }

  /** Why some partition of {@code topics} cannot take writes yet, or empty when all can. */
  private static Optional<String> unwritable(Admin admin, List<String> topics) throws InterruptedException {
    try {
      Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
      for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
        for (TopicPartitionInfo p : d.partitions()) {
          if (p.leader() == null || p.leader().isEmpty()) {
            return Optional.of("partition " + d.name() + "-" + p.partition() + " has no leader");
          }
          partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
        }
      }
      // Offsets are answered by each partition's leader only: once they are, writes are taken.
      admin.listOffsets(partitions).all().get();
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.of(String.valueOf(e.getCause()));
    }
  }
}
