package dev.bellwether.ops.topics;

import dev.bellwether.UserFacingException;
import dev.bellwether.kafka.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The topic an ops command writes: created like a live topic (its spec's retention and cleanup
 * policy, and the live topic's partition count and replication, so keys land on the same
 * partitions), and refused when it already holds records unless it may be replaced.
 */
public final class OutputTopic {

  private OutputTopic() {}

  /** Legal topic-name characters; anything else in a model version becomes {@code _}. */
  public static String sanitize(String name) {
    return name.replaceAll("[^a-zA-Z0-9._-]", "_");
  }

  /**
   * Makes {@code name} ready to receive a replay: creates it shaped like {@code likeTopic} (or
   * as {@code spec} says when that does not exist) when missing; when it exists with records,
   * deletes and recreates it if {@code replace}, else refuses.
   */
  public static void prepare(Admin admin, String name, TopicSpec<?> spec, String likeTopic, boolean replace) {
    try {
      Set<String> names = admin.listTopics().names().get();
      if (names.contains(name)) {
        long records = records(admin, name);
        if (records == 0) {
          return;
        }
        if (!replace) {
          throw new UserFacingException("topic " + name + " already holds " + records + " offsets from an earlier"
              + " replay; add --replace to delete and recreate it, or choose another topic with --output", null);
        }
        if (LiveTopics.isLive(name)) {
          throw new UserFacingException("--replace never deletes a live topic such as " + name, null);
        }
        admin.deleteTopics(List.of(name)).all().get();
        awaitGone(admin, name);
      }
      int partitions = spec.partitions();
      short replication = 1;
      if (names.contains(likeTopic)) {
        TopicDescription like = admin.describeTopics(List.of(likeTopic)).allTopicNames().get().get(likeTopic);
        partitions = like.partitions().size();
        replication = (short) like.partitions().get(0).replicas().size();
      }
      admin.createTopics(List.of(new NewTopic(name, partitions, replication).configs(spec.configs()))).all()
          .get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new UserFacingException("cannot prepare topic " + name + ": " + (e.getCause() != null
          ? e.getCause().getMessage() : e.getMessage()) + "; check that this client may create and delete topics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Offsets held by {@code topic} (end minus start over all partitions). */
  public static long records(Admin admin, String topic) throws ExecutionException, InterruptedException {
    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    d.partitions().forEach(p -> {
      earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
      latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
    });
    var starts = admin.listOffsets(earliest).all().get();
    var ends = admin.listOffsets(latest).all().get();
    long n = 0;
    for (TopicPartition tp : ends.keySet()) {
      n += ends.get(tp).offset() - starts.get(tp).offset();
    }
    return n;
  }

  private static void awaitGone(Admin admin, String name) throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (admin.listTopics().names().get().contains(name)) {
      if (System.nanoTime() > deadline) {
        throw new UserFacingException("topic " + name + " was not deleted within 60 s; retry later", null);
      }
      // Topic deletion is asynchronous on the brokers; there is no future that waits for it.
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }
}
