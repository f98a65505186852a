package dev.bellwether.ops.feedback;

import dev.bellwether.Progress;
import dev.bellwether.classifier.train.FeedbackCorrection;
import dev.bellwether.event.Feedback;
import dev.bellwether.kafka.InvalidRecordException;
import dev.bellwether.kafka.Topics;
import dev.bellwether.ops.topics.TimeRange;
import dev.bellwether.ops.topics.TopicRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Reads the label corrections of the whole {@code feedback} topic (committed records only, up to
 * the end offsets at the start), for {@code train --with-feedback}.
 */
public final class FeedbackSource {

  private FeedbackSource() {}

  /**
   * Every label correction on the topic, with partition and offset; records that do not decode
   * are skipped and counted in {@code skipped[0]}.
   */
  public static List<FeedbackCorrection> read(Map<String, Object> client, long[] skipped) {
    String topic = Topics.FEEDBACK.name();
    List<FeedbackCorrection> out = new ArrayList<>();
    try (Admin admin = Admin.create(client)) {
      TopicRange range = TopicRange.of(admin, topic, TimeRange.ALL);
      range.read(client, r -> {
        try {
          Feedback f = Topics.FEEDBACK.valueSerde().codec().decode(r.value());
          FeedbackCorrection c = FeedbackCorrection.of(f, r.partition(), r.offset());
          if (c != null) {
            out.add(c);
          }
        } catch (InvalidRecordException e) {
          skipped[0]++;
        }
      }, Progress.onStderr("reading " + topic, "offsets", range.offsets()));
    }
    return out;
  }
}
