package dev.bellwether.ops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.classifier.model.ClassifiedText;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCacheTest {

  private static final ModelId MODEL = new ModelId("m", "1", "0123456789abcdef0123456789abcdef");
  private static final List<String> TOPICS = List.of("Markets", "Earnings", "Macro");
  private static final Instant T = Instant.parse("2023-01-25T04:41:00Z");

  @TempDir Path dir;

  private static RawNewsItem item(String id, String title, String summary) {
    return RawNewsItem.of(id, "wire", "https://n.example/" + id, title, summary, T, T, List.of());
  }

  private static ClassifiedText verdict(float markets, float earnings, float negative, List<String> flags) {
    Map<String, Double> topics = new LinkedHashMap<>();
    topics.put("Markets", (double) markets);
    topics.put("Earnings", (double) earnings);
    topics.put("Macro", (double) (1f - markets - earnings));
    String label = markets >= earnings ? "Markets" : "Earnings";
    return new ClassifiedText(new TopicPrediction(label, topics.get(label), topics),
        SentimentPrediction.fromProbabilities(negative, (1f - negative) / 2, (1f - negative) / 2), flags, 2);
  }

  @Test
  void givesBackTheModelsVerdictAfterReopeningKeyedByTheText() throws Exception {
    RawNewsItem a = item("a", "Shares plunge", "after a probe");
    ClassifiedText v = verdict(0.7f, 0.2f, 0.8f, List.of("truncated"));
    try (ScoreCache cache = ScoreCache.open(dir, MODEL, TOPICS, "title-weight=1.0")) {
      assertThat(cache.get(a)).isNull();
      cache.put(a, v);
      assertThat(cache.contains(a)).isTrue();
    }
    try (ScoreCache cache = ScoreCache.open(dir, MODEL, TOPICS, "title-weight=1.0")) {
      assertThat(cache.loaded()).isEqualTo(1);
      ClassifiedText back = cache.get(item("other-id", "Shares plunge", "after a probe"));
      assertThat(back.topic().label()).isEqualTo("Markets");
      assertThat(back.topic().probabilities()).containsOnlyKeys(TOPICS);
      assertThat(back.topic().confidence()).isEqualTo((double) 0.7f);
      assertThat(back.sentiment()).isEqualTo(SentimentPrediction.fromProbabilities((float) v.sentiment().negative(),
          (float) v.sentiment().neutral(), (float) v.sentiment().positive()));
      assertThat(back.flags()).containsExactly("truncated");
      assertThat(back.chunks()).isEqualTo(2);
      assertThat(cache.get(item("a", "Shares plunge", "after a report"))).as("another text").isNull();
    }
  }

  @Test
  void keepsEachModelAndSettingsApart() throws Exception {
    RawNewsItem a = item("a", "Shares plunge", "");
    try (ScoreCache cache = ScoreCache.open(dir, MODEL, TOPICS, "title-weight=1.0")) {
      cache.put(a, verdict(0.7f, 0.2f, 0.8f, List.of()));
    }
    try (ScoreCache other = ScoreCache.open(dir, MODEL, TOPICS, "title-weight=0.5")) {
      assertThat(other.contains(a)).isFalse();
    }
    try (ScoreCache other = ScoreCache.open(dir, new ModelId("m", "2", "fedcba9876543210fedcba9876543210"), TOPICS,
        "title-weight=1.0")) {
      assertThat(other.contains(a)).isFalse();
    }
    try (Stream files = new Stream(dir)) {
      assertThat(files.count()).isEqualTo(3);
    }
  }

  @Test
  void dropsATornLastRecordAndKeepsTheWholeOnes() throws Exception {
    Path file;
    try (ScoreCache cache = ScoreCache.open(dir, MODEL, TOPICS, "s")) {
      cache.put(item("a", "one", ""), verdict(0.7f, 0.2f, 0.8f, List.of()));
      cache.put(item("b", "two", ""), verdict(0.1f, 0.8f, 0.1f, List.of()));
      file = cache.file();
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(file) - 3);
    }
    try (ScoreCache cache = ScoreCache.open(dir, MODEL, TOPICS, "s")) {
      assertThat(cache.loaded()).isEqualTo(1);
      assertThat(cache.contains(item("a", "one", ""))).isTrue();
      cache.put(item("c", "three", ""), verdict(0.1f, 0.8f, 0.1f, List.of()));
    }
    try (ScoreCache cache = ScoreCache.open(dir, MODEL, TOPICS, "s")) {
      assertThat(cache.loaded()).as("the record after the torn one was read back").isEqualTo(2);
    }
  }

  @Test
  void startsOverWhenTheFileIsNotACacheOfThisModel() throws Exception {
    Path file;
    try (ScoreCache cache = ScoreCache.open(dir, MODEL, TOPICS, "s")) {
      file = cache.file();
    }
    Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    try (ScoreCache cache = ScoreCache.open(dir, MODEL, TOPICS, "s")) {
      assertThat(cache.loaded()).isZero();
      cache.put(item("a", "one", ""), verdict(0.7f, 0.2f, 0.8f, List.of()));
    }
    try (ScoreCache cache = ScoreCache.open(dir, MODEL, TOPICS, "s")) {
      assertThat(cache.loaded()).isEqualTo(1);
    }
  }

  /** The files of a directory, closed after use. */
  private static final class Stream implements AutoCloseable {
    private final java.util.stream.Stream<Path> files;

    Stream(Path dir) throws java.io.IOException {
      this.files = Files.list(dir);
    }

    long count() {
      return files.count();
    }

    @Override
    public void close() {
      files.close();
    }
  }
}
