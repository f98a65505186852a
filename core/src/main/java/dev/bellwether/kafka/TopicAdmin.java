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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Bellwether's topics at start-up when they are missing; existing topics are left as they are. */
public final class TopicAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private static final Duration LEADER_POLL = Duration.ofMillis(100);

  private TopicAdmin() {}

  /**
   * Creates every topic in {@code specs} that does not exist yet.
   *
   * @param adminConfig Kafka admin client settings (at least {@code bootstrap.servers})
   * @param specs topics to ensure
   * @param partitions partitions for new topics; 0 means each spec's own default
   * @param replicationFactor replication factor for new topics
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
      List<NewTopic> missing = new ArrayList<>();
      for (TopicSpec<?> spec : specs) {
        if (!existing.contains(spec.name())) {
          int n = partitions > 0 ? partitions : spec.partitions();
          missing.add(new NewTopic(spec.name(), n, replicationFactor).configs(spec.configs()));
        }
      }
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
      throw new IllegalStateException(
          "Could not create Bellwether's topics on " + adminConfig.get("bootstrap.servers")
              + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
              + ". Check that the Kafka cluster is reachable and that this client may create topics.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
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
