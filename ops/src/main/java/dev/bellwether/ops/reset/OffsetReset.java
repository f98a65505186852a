package dev.bellwether.ops.reset;

import dev.bellwether.UserFacingException;
import dev.bellwether.config.KafkaSettings;
import dev.bellwether.kafka.Topics;
import dev.bellwether.ops.topics.LiveTopics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Moves a stopped application's input offsets to a point in time, the way Kafka's
 * {@code kafka-streams-application-reset --to-datetime} does, with the Admin API: each input
 * partition goes to its first offset at or after the time (its end when there is none); a
 * Streams application's internal topics (repartition and changelog topics, named
 * {@code <application id>-...}) are deleted, so it rebuilds its state from the new position
 * rather than adding the replayed input to the old windows. Refused while the group has active
 * members, whose next commit would undo the reset.
 */
public final class OffsetReset {

  /** An application that can be reset. */
  public enum Application {
    /** The scoring Streams app, reading {@code news.raw}. */
    CLASSIFIER("classifier", Topics.RAW.name(), true),
    /** The alerting Streams app, reading {@code news.scored}. */
    ALERTS("alerts", Topics.SCORED.name(), true),
    /** The notifier, a plain consumer of {@code alerts}; its delivery ledger keeps it from re-sending. */
    NOTIFIER("notifier", Topics.ALERTS.name(), false);

    private final String suffix;
    private final String input;
    private final boolean streams;

    Application(String suffix, String input, boolean streams) {
      this.suffix = suffix;
      this.input = input;
      this.streams = streams;
    }

    /** Its consumer group (the Streams application id). */
    public String group(KafkaSettings kafka) {
      return kafka.applicationIdPrefix() + "-" + suffix;
    }
  }

  /**
   * One partition's move.
   *
   * @param partition the input partition
   * @param from committed offset before, or -1 when none was committed
   * @param to the new offset
   */
  public record Move(TopicPartition partition, long from, long to) {}

  /**
   * What a reset changes (or, dry, would change).
   *
   * @param group the consumer group
   * @param moves input offset moves
   * @param internalTopics internal topics deleted
   * @param localState where each instance keeps the application's local state, to be deleted
   */
  public record Plan(String group, List<Move> moves, List<String> internalTopics, Path localState) {}

  private OffsetReset() {}

  /** Works out the reset of {@code app} to {@code time}; refuses while the group has active members. */
  public static Plan plan(Admin admin, KafkaSettings kafka, Path dataDir, Application app, Instant time) {
    String group = app.group(kafka);
    List<String> members = LiveTopics.activeMembers(admin, group);
    if (!members.isEmpty()) {
      throw new UserFacingException("consumer group " + group + " has " + members.size() + " active member(s) ("
          + String.join(", ", members) + "); stop every instance running " + app.name().toLowerCase(java.util.Locale.ROOT)
          + " (Ctrl-C, or scale it to zero), wait until they have left, and retry", null);
    }
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      int partitions = admin.describeTopics(List.of(app.input)).allTopicNames().get().get(app.input).partitions().size();
      Map<TopicPartition, OffsetSpec> atTime = new HashMap<>();
      Map<TopicPartition, OffsetSpec> atEnd = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        atTime.put(new TopicPartition(app.input, p), OffsetSpec.forTimestamp(time.toEpochMilli()));
        atEnd.put(new TopicPartition(app.input, p), OffsetSpec.latest());
      }
      ListOffsetsOptions options = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
      var found = admin.listOffsets(atTime, options).all().get();
      var ends = admin.listOffsets(atEnd, options).all().get();
      List<Move> moves = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        TopicPartition tp = new TopicPartition(app.input, p);
        long to = found.get(tp).offset() >= 0 ? found.get(tp).offset() : ends.get(tp).offset();
        OffsetAndMetadata before = committed.get(tp);
        moves.add(new Move(tp, before == null ? -1 : before.offset(), to));
      }
      List<String> internal = new ArrayList<>();
      if (app.streams) {
        for (String topic : admin.listTopics().names().get()) {
          if (topic.startsWith(group + "-") && (topic.endsWith("-changelog") || topic.endsWith("-repartition"))) {
            internal.add(topic);
          }
        }
        internal.sort(null);
      }
      return new Plan(group, moves, internal, app.streams ? dataDir.resolve("streams").resolve(group) : null);
    } catch (ExecutionException e) {
      throw new UserFacingException("cannot read the offsets of " + group + " on " + app.input + ": "
          + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Applies {@code plan}: commits the new offsets, then deletes the internal topics. */
  public static void apply(Admin admin, Plan plan) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    plan.moves().forEach(m -> offsets.put(m.partition(), new OffsetAndMetadata(m.to())));
    try {
      admin.alterConsumerGroupOffsets(plan.group(), offsets).all().get();
      if (!plan.internalTopics().isEmpty()) {
        admin.deleteTopics(plan.internalTopics()).all().get();
      }
    } catch (ExecutionException e) {
      throw new UserFacingException("reset of " + plan.group() + " failed: " + e.getCause().getMessage()
          + " (if members joined meanwhile, stop them and retry)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Prints what the plan changes, and what is left to do by hand. */
  public static void print(Plan plan, boolean dryRun, PrintWriter out) {
    out.println((dryRun ? "Would reset" : "Reset") + " consumer group " + plan.group() + ":");
    for (Move m : plan.moves()) {
      out.printf("  %s-%d: %s -> %d%s%n", m.partition().topic(), m.partition().partition(),
          m.from() < 0 ? "(none)" : Long.toString(m.from()), m.to(),
          m.from() < 0 ? "" : String.format(" (%+d)", m.to() - m.from()));
    }
    for (String topic : plan.internalTopics()) {
      out.println("  " + (dryRun ? "would delete" : "deleted") + " internal topic " + topic);
    }
    if (plan.localState() != null) {
      out.println("  Before restarting, delete the local state of this application on every instance: "
          + plan.localState() + " (its data dir's streams/" + plan.group() + ")");
    }
    if (dryRun) {
      out.println("Dry run: nothing changed. Run again without --dry-run to apply.");
    }
    out.flush();
  }
}
