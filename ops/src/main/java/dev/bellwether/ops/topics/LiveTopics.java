package dev.bellwether.ops.topics;

import dev.bellwether.UserFacingException;
import dev.bellwether.config.KafkaSettings;
import dev.bellwether.kafka.TopicSpec;
import dev.bellwether.kafka.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/**
 * Safety checks for ops commands against a cluster the live pipeline uses: which topics are
 * live (declared in {@link Topics}), which live application writes each, and whether a consumer
 * group has active members.
 */
public final class LiveTopics {

  private LiveTopics() {}

  /** Whether {@code topic} is one of the pipeline's own topics. */
  public static boolean isLive(String topic) {
    return Topics.all().stream().map(TopicSpec::name).anyMatch(topic::equals);
  }

  /** The consumer group (Streams application id) of the live application writing {@code topic}, if any. */
  public static Optional<String> writerGroup(KafkaSettings kafka, String topic) {
    Map<String, String> writers = Map.of(
        Topics.SCORED.name(), "classifier",
        Topics.ALERTS.name(), "alerts",
        Topics.WINDOWS.name(), "alerts",
        Topics.LATE.name(), "alerts");
    return Optional.ofNullable(writers.get(topic)).map(app -> kafka.applicationIdPrefix() + "-" + app);
  }

  /** Active members of {@code group}: empty when the group is unknown, empty or dead. */
  public static List<String> activeMembers(Admin admin, String group) {
    try {
      ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
      return d == null ? List.of() : d.members().stream().map(m -> m.consumerId() + " on " + m.host()).toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
        return List.of();
      }
      throw new UserFacingException("cannot describe consumer group " + group + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Refuses to write {@code topic} when it is live and {@code allowLive} was not given, or when
   * it is live and the application that writes it is running.
   *
   * @param flag the option that allows live output, for the message
   */
  public static void checkOutput(Admin admin, KafkaSettings kafka, String topic, boolean allowLive, String flag) {
    if (!isLive(topic)) {
      return;
    }
    if (!allowLive) {
      throw new UserFacingException(topic + " is a live topic that the pipeline reads; a replay writes to its own"
          + " topic by default. Leave out --output, or add " + flag + " if you really mean to write " + topic, null);
    }
    writerGroup(kafka, topic).ifPresent(group -> {
      List<String> members = activeMembers(admin, group);
      if (!members.isEmpty()) {
        throw new UserFacingException("refusing to write " + topic + " while its live application " + group
            + " runs (" + members.size() + " active member(s): " + String.join(", ", members) + "). Stop every"
            + " instance that runs it (run --only ...), then retry; or write to a versioned topic instead", null);
      }
    });
  }
}
