package dev.bellwether.ops.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bellwether.kafka.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What a replay did and how it differs from the live pipeline, printed at its end for people or
 * as JSON ({@code --json}).
 *
 * @param range the event-time range replayed
 * @param model the model version that rescored, or null for an alerts-only replay
 * @param scoredTopic the scored topic written (score replay) or read (alerts replay)
 * @param rawRead raw records read, in the range or not (0 for an alerts-only replay)
 * @param rescored items rescored and written
 * @param unreadable raw records in the range that could not be read
 * @param sentimentChanged items whose sentiment label changed
 * @param topicChanged items whose topic label changed
 * @param labels transition tables against the previous scores, or null when not compared
 * @param alertsTopic the replay alerts topic written, or null when alerts were not replayed
 * @param alertItems scored items of the range fed to the alerting dry run
 * @param alertWarmupItems scored items before the range fed first, so baselines were learned
 * @param alertRevisions alert revisions the dry run raised
 * @param episodes the dry run's episodes against the live ones, or null
 */
public record ReplaySummary(String range, String model, String scoredTopic, long rawRead, long rescored,
    long unreadable, long sentimentChanged, long topicChanged, LabelChanges labels, String alertsTopic,
    long alertItems, long alertWarmupItems, long alertRevisions, EpisodeComparison episodes) {

  /** The summary as one JSON object. */
  public String toJson() {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the summary as JSON", e);
    }
  }

  /** Prints the summary for people. */
  public void print(PrintWriter out) {
    out.println("Replay of " + range);
    if (model != null) {
      out.printf("  rescored: %,d items with %s into %s (%,d raw records read, %,d unreadable skipped)%n",
          rescored, model, scoredTopic, rawRead, unreadable);
    } else {
      out.println("  scored items from: " + scoredTopic);
    }
    if (labels != null) {
      out.printf("  compared with the previous scores of %,d items (%s); %,d had none%n", labels.compared(),
          labels.previousModels().isEmpty() ? "none found" : String.join(", ", labels.previousModels().keySet()),
          labels.unmatched());
      out.printf("  sentiment changed for %,d items, topic for %,d%n", sentimentChanged, topicChanged);
      table(out, "sentiment", labels.sentiment(), Integer.MAX_VALUE);
      table(out, "topic", labels.topic(), 3);
    }
    if (alertsTopic != null) {
      out.printf("  alerting dry run: %,d items after %,d warm-up items, %,d alert revisions written to %s"
          + " (never notified)%n", alertItems, alertWarmupItems, alertRevisions, alertsTopic);
    }
    if (episodes != null) {
      out.printf("  alert episodes: %d in both, %d would have fired but did not, %d fired but would not have%n",
          episodes.both().size(), episodes.replayOnly().size(), episodes.liveOnly().size());
      episodes.replayOnly().forEach(e -> out.println("    + would have fired: " + line(e)));
      episodes.liveOnly().forEach(e -> out.println("    - would not have fired: " + line(e)));
    }
    out.flush();
  }

  private static String line(EpisodeComparison.Episode e) {
    return e.scope() + " " + e.start() + " .. " + e.end() + " " + e.severity().name().toLowerCase(java.util.Locale.ROOT)
        + " (id " + e.id() + ")";
  }

  /** Rows of a transition table: per previous label, kept and the largest moves ({@code moves} at most). */
  private static void table(PrintWriter out, String task, Map<String, Map<String, Long>> table, int moves) {
    out.println("  " + task + " (previous -> new: items)");
    for (Map.Entry<String, Map<String, Long>> row : table.entrySet()) {
      long total = row.getValue().values().stream().mapToLong(Long::longValue).sum();
      long kept = row.getValue().getOrDefault(row.getKey(), 0L);
      StringBuilder line = new StringBuilder(String.format("    %-28s %,6d items, %,6d kept", row.getKey(), total, kept));
      row.getValue().entrySet().stream()
          .filter(c -> !c.getKey().equals(row.getKey()))
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(moves)
          .forEach(c -> line.append(String.format(", -> %s %,d", c.getKey(), c.getValue())));
      out.println(line);
    }
  }
}
