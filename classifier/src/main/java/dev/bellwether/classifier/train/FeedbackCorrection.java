package dev.bellwether.classifier.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.classifier.model.ContentHash;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.Sentiment;
import dev.bellwether.kafka.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One analyst's label correction of one item, as training reads it from the {@code feedback}
 * topic or its export.
 *
 * @param itemId the corrected item
 * @param text the headline the model scored
 * @param topic the right topic label, or null when the topic was not corrected
 * @param sentiment the right sentiment, or null when it was not corrected
 * @param at when the analyst made it
 * @param partition the feedback partition it was read from, -1 when unknown
 * @param offset its offset there, -1 when unknown
 */
public record FeedbackCorrection(
    String itemId, String text, String topic, Sentiment sentiment, Instant at, int partition, long offset) {

  /** The correction a {@code label} feedback record carries; null for the other kinds. */
  public static FeedbackCorrection of(Feedback f, int partition, long offset) {
    if (f.kind() != Feedback.Kind.LABEL) {
      return null;
    }
    return new FeedbackCorrection(f.item().id(), f.item().text(), f.correction().topic(), f.correction().sentiment(),
        f.at(), partition, offset);
  }

  /**
   * The label corrections of a JSON-lines file: either an export of the {@code feedback} topic
   * ({@code bellwether export --topic feedback}, one record with its {@code value} per line) or
   * bare feedback records, one per line. Other kinds of feedback are skipped.
   *
   * @throws IllegalArgumentException naming the line that is not a feedback record
   */
  public static List<FeedbackCorrection> readJsonl(Path file) {
    List<FeedbackCorrection> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode o = Json.mapper().readTree(line);
          boolean exported = o.has("value") && o.has("offset");
          JsonNode value = exported ? o.get("value") : o;
          if (value == null || value.isNull()) {
            continue;
          }
          Feedback f = Json.mapper().treeToValue(value, Feedback.class);
          FeedbackCorrection c = of(f, exported ? o.path("partition").asInt(-1) : -1, exported ? o.path("offset").asLong(-1) : -1);
          if (c != null) {
            out.add(c);
          }
        } catch (IOException | IllegalArgumentException e) {
          String problem = e instanceof JsonProcessingException j ? Json.problem(j) : e.getMessage();
          throw new IllegalArgumentException(file + " line " + n + " is not a feedback record: " + problem, e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }

  /**
   * The latest correction of every item, in item order of first appearance: a later record
   * (by time, then by offset) for the same item replaces an earlier one, so an analyst who
   * changes their mind is taken at their last word.
   */
  public static List<FeedbackCorrection> latest(List<FeedbackCorrection> all) {
    Map<String, FeedbackCorrection> byItem = new LinkedHashMap<>();
    Comparator<FeedbackCorrection> order = Comparator.comparing(FeedbackCorrection::at)
        .thenComparingLong(FeedbackCorrection::offset);
    for (FeedbackCorrection c : all) {
      byItem.merge(c.itemId(), c, (a, b) -> order.compare(b, a) >= 0 ? b : a);
    }
    return List.copyOf(byItem.values());
  }

  /**
   * Whether this correction belongs to the held-out slice: a fixed share of items chosen by
   * the hash of the item id, so the same item is always on the same side across runs.
   *
   * @param percent share held out, 0 to 100
   */
  public boolean heldOut(int percent) {
    long h = Long.parseLong(ContentHash.ofText(itemId).substring(0, 12), 16);
    return h % 100 < percent;
  }
}
