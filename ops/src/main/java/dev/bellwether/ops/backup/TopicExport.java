package dev.bellwether.ops.backup;

import dev.bellwether.Progress;
import dev.bellwether.ops.topics.TopicRange;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes the records of a topic's time range to a JSON-lines file, one {@link JsonlRecord} per line. */
public final class TopicExport {

  private TopicExport() {}

  /**
   * Exports {@code range} to {@code out} (replaced if it exists).
   *
   * @return records written
   */
  public static long run(Map<String, Object> clientConfig, TopicRange range, Path out, Progress progress) {
    long[] written = {0};
    try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      range.read(clientConfig, r -> {
        try {
          writer.write(JsonlRecord.line(r));
          writer.write('\n');
          written[0]++;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, progress);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return written[0];
  }
}
