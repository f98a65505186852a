package dev.bellwether.alerts.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import dev.bellwether.event.WindowStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WindowAccumulatorTest {

  private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");
  private static final ModelId MODEL = new ModelId("m", "1", "abcdef0123456789");

  private static ScoredNewsItem item(String id, String story, double score) {
    return item(id, story, score, T);
  }

  private static ScoredNewsItem item(String id, String story, double score, Instant at) {
    return item(id, story, score, at, "wire");
  }

  private static ScoredNewsItem item(String id, String story, double score, Instant at, String source) {
    RawNewsItem raw = new RawNewsItem(1, id, story, id.equals(story), source, "https://n.example/" + id, "title " + id,
        "", at, at, List.of("ACME"), "en");
    SentimentPrediction s = score < -0.3 ? SentimentPrediction.fromProbabilities(0.9, 0.05, 0.05)
        : SentimentPrediction.fromProbabilities(0.05, 0.9, 0.05);
    s = new SentimentPrediction(s.label(), score, s.negative(), s.neutral(), s.positive());
    return new ScoredNewsItem(1, raw, MODEL, new TopicPrediction("Legal", 0.9, Map.of()), s, List.of(), T);
  }

  @Test
  void countsCopiesOfAStoryOnceAndAStoryAsNegativeWhenAnyCopyIs() {
    WindowAccumulator a = WindowAccumulator.empty()
        .add(item("a", "a", 0.0), 3)
        .add(item("a2", "a", -0.8), 3)
        .add(item("a3", "a", -0.9), 3)
        .add(item("b", "b", 0.1), 3);
    WindowStats stats = a.toStats("entity:ACME", T, T.plusSeconds(900));
    assertThat(stats.items()).isEqualTo(4);
    assertThat(stats.negative()).isEqualTo(2);
    assertThat(stats.stories()).isEqualTo(2);
    assertThat(stats.negativeStories()).isEqualTo(1);
    assertThat(stats.negativeShare()).isEqualTo(0.5);
    assertThat(stats.topNegative()).extracting(h -> h.itemId()).containsExactly("a3");
    assertThat(stats.models()).containsExactly(MODEL.display());
  }

  @Test
  void keepsTheMostNegativeHeadlinesFirstUpToK() {
    WindowAccumulator a = WindowAccumulator.empty();
    double[] scores = {-0.5, -0.9, -0.7, -0.95, -0.6};
    for (int i = 0; i < scores.length; i++) {
      a = a.add(item("s" + i, "s" + i, scores[i]), 3);
    }
    assertThat(a.toStats("market", T, T).topNegative()).extracting(h -> h.score()).containsExactly(-0.95, -0.9, -0.7);
  }

  @Test
  void boundsTheTrackedStoriesAndCountsTheRestAsNewStories() {
    WindowAccumulator a = WindowAccumulator.empty();
    for (int i = 0; i < WindowAccumulator.MAX_TRACKED_STORIES + 10; i++) {
      a = a.add(item("x" + i, "x" + i, 0.0), 1);
    }
    a = a.add(item("again", "x0", -0.9), 1);
    assertThat(a.stories).hasSize(WindowAccumulator.MAX_TRACKED_STORIES);
    WindowStats stats = a.toStats("market", T, T);
    assertThat(stats.stories()).isEqualTo(WindowAccumulator.MAX_TRACKED_STORIES + 10);
    assertThat(stats.negativeStories()).isEqualTo(1);
  }

  @Test
  void countsAsNewOnlyStoriesFirstSeenInTheLastAdvance() {
    Instant lastMinute = T.plusSeconds(14 * 60);
    WindowAccumulator a = WindowAccumulator.empty()
        .add(item("old", "old", -0.8, T), 5)
        .add(item("old-copy", "old", -0.8, lastMinute.plusSeconds(5)), 5)
        .add(item("turned", "turned", 0.2, T), 5)
        .add(item("turned-neg", "turned", -0.8, lastMinute.plusSeconds(10)), 5)
        .add(item("fresh", "fresh", 0.1, lastMinute.plusSeconds(20)), 5)
        .add(item("fresh-neg", "fresh-neg", -0.9, lastMinute.plusSeconds(30)), 5);

    assertThat(a.newSince(lastMinute)).as("stories, negative stories").containsExactly(2, 2);
    assertThat(a.newSince(T)).containsExactly(4, 3);
  }

  @Test
  void keepsTheEarliestSightingOfAStoryWhateverOrderItsCopiesCome() {
    WindowAccumulator a = WindowAccumulator.empty()
        .add(item("late-copy", "s", -0.8, T.plusSeconds(600)), 5)
        .add(item("first", "s", -0.8, T.plusSeconds(60)), 5);

    assertThat(a.newSince(T.plusSeconds(300))).containsExactly(0, 0);
  }

  @Test
  void survivesTheStoreSerdeUnchanged() {
    WindowAccumulator a = WindowAccumulator.empty().add(item("a", "a", -0.8), 5).add(item("b", "b", 0.2), 5);
    WindowAccumulatorSerde serde = new WindowAccumulatorSerde();
    WindowAccumulator back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", a));
    assertThat(back.toStats("market", T, T)).isEqualTo(a.toStats("market", T, T));
    assertThat(back.add(item("a2", "a", -0.9), 5).toStats("market", T, T).stories()).isEqualTo(2);
    assertThat(back.newSince(T)).containsExactly(a.newSince(T));
  }

  @Test
  void tellsTheSourcesOfTheNegativeStoriesNewInTheLastAdvanceKeepingEachStorysFirstNegativeSource() {
    Instant lastMinute = T.plusSeconds(14 * 60);
    WindowAccumulator a = WindowAccumulator.empty()
        .add(item("old", "old", -0.8, T, "wire-a"), 5)
        .add(item("x", "x", -0.8, lastMinute.plusSeconds(20), "wire-b"), 5)
        .add(item("x-earlier", "x", -0.8, lastMinute.plusSeconds(5), "wire-c"), 5)
        .add(item("y", "y", -0.9, lastMinute.plusSeconds(30), "wire-c"), 5)
        .add(item("calm", "calm", 0.1, lastMinute.plusSeconds(40), "wire-d"), 5);
    WindowAccumulator merged = WindowAccumulator.empty().add(item("x", "x", -0.8, lastMinute.plusSeconds(20), "wire-b"), 5)
        .merge(WindowAccumulator.empty().add(item("x-earlier", "x", -0.8, lastMinute.plusSeconds(5), "wire-c"), 5), 5);

    long c = WindowAccumulator.storyHash("wire-c");
    assertThat(a.newNegativeSources(lastMinute)).as("x first seen negative on wire-c, y on wire-c").containsExactly(c);
    assertThat(a.newNegativeSources(T)).hasSize(2).contains(c, WindowAccumulator.storyHash("wire-a"));
    assertThat(merged.newNegativeSources(lastMinute)).containsExactly(c);
  }

  @Test
  void keepsSourcesAndEntitiesThroughTheStoreSerdeAndReadsTheFormatBeforeThemAsUnknownAndNone() {
    WindowAccumulator a = WindowAccumulator.empty().add(item("a", "a", -0.8, T, "wire-a"), 5);
    WindowAccumulator back = WindowAccumulatorSerde.read(WindowAccumulatorSerde.write(a));
    assertThat(back.newNegativeSources(T)).containsExactly(WindowAccumulator.storyHash("wire-a"));

    byte[] current = WindowAccumulatorSerde.write(a);
    // Format 3 is format 4 without the sources array (8 bytes per negative story) after the
    // first-negative times, and without each headline's entities (a text after its source).
    int sourcesAt = 1 + 5 * 8 + 4 + 16 * a.stories.length + 4 + 16 * a.negativeStories.length;
    int sourcesLength = 8 * a.negativeStories.length;
    int entitiesAt = sourcesAt + sourcesLength + 2 * 8 + 4;
    for (String text : List.of("a", "a", "title a", "https://n.example/a", "wire-a")) {
      entitiesAt += 4 + text.length();
    }
    int entitiesLength = 4 + "ACME".length();
    java.io.ByteArrayOutputStream old = new java.io.ByteArrayOutputStream();
    old.write(current, 0, sourcesAt);
    old.write(current, sourcesAt + sourcesLength, entitiesAt - sourcesAt - sourcesLength);
    old.write(current, entitiesAt + entitiesLength, current.length - entitiesAt - entitiesLength);
    byte[] format3 = old.toByteArray();
    format3[0] = 3;
    WindowAccumulator before = WindowAccumulatorSerde.read(format3);
    assertThat(before.toStats("market", T, T)).usingRecursiveComparison().ignoringFields("topNegative.entities")
        .isEqualTo(a.toStats("market", T, T));
    assertThat(before.toStats("market", T, T).topNegative()).singleElement()
        .satisfies(h -> assertThat(h.entities()).isEmpty());
    assertThat(before.newNegativeSources(T)).containsExactly(0L);
  }

  @Test
  void refusesACorruptStoredValue() {
    assertThatThrownBy(() -> WindowAccumulatorSerde.read(new byte[] {3, 0, 0}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("3 bytes");
    assertThatThrownBy(() -> WindowAccumulatorSerde.read(new byte[] {9}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("unknown format 9");
  }
}
