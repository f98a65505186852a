package dev.bellwether.ingest.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.dedup.StoryClusterer.Assignment;
import dev.bellwether.ingest.dedup.StoryClusterer.Outcome;
import dev.bellwether.ingest.normalize.EntityExtractor;
import dev.bellwether.ingest.normalize.ItemNormalizer;
import dev.bellwether.ingest.normalize.UrlCanonicalizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Story clustering on hand-written syndicated pairs and hard negatives (same company, other event). */
class StoryClustererTest {

  private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

  /** One labelled pair from {@code dedup/stories.txt}. */
  private record Pair(boolean same, RawNewsItem first, RawNewsItem second) {}

  @Test
  void detectsSyndicatedCopiesWithHighPrecisionAndRecall() throws IOException {
    List<Pair> pairs = pairs();
    assertThat(pairs.stream().filter(Pair::same)).hasSizeGreaterThanOrEqualTo(20);
    assertThat(pairs.stream().filter(p -> !p.same())).hasSizeGreaterThanOrEqualTo(20);
    StoryClusterer clusterer = new StoryClusterer(1_000, Duration.ofHours(48));
    int truePositives = 0;
    int falsePositives = 0;
    int falseNegatives = 0;
    List<String> mistakes = new ArrayList<>();
    for (Pair pair : pairs) {
      Assignment first = clusterer.assign(pair.first());
      Assignment second = clusterer.assign(pair.second());
      if (first.outcome() != Outcome.NEW) {
        falsePositives++;
        mistakes.add("first item joined a story: " + pair.first().title());
      }
      boolean linked = second.outcome() == Outcome.DUPLICATE
          || second.outcome() == Outcome.NEAR_DUPLICATE && second.item().storyId().equals(first.item().storyId());
      if (pair.same() && linked) {
        truePositives++;
      } else if (pair.same()) {
        falseNegatives++;
        mistakes.add("missed (" + second.outcome() + ", " + second.similarity() + "): " + pair.second().title());
      } else if (second.outcome() != Outcome.NEW) {
        falsePositives++;
        mistakes.add("wrongly joined (" + second.similarity() + "): " + pair.second().title());
      }
    }
    double precision = truePositives / (double) (truePositives + falsePositives);
    double recall = truePositives / (double) (truePositives + falseNegatives);
    System.out.printf("StoryClusterer on %d labelled pairs: precision %.3f, recall %.3f (tp %d, fp %d, fn %d)%n",
        pairs.size(), precision, recall, truePositives, falsePositives, falseNegatives);
    mistakes.forEach(m -> System.out.println("  " + m));
    System.out.printf("  estimated Jaccard: lowest of a re-worded copy %.2f, highest of a hard negative %.2f (threshold %.2f)%n",
        pairs.stream().filter(Pair::same).mapToDouble(StoryClustererTest::similarity).min().orElse(0),
        pairs.stream().filter(p -> !p.same()).mapToDouble(StoryClustererTest::similarity).max().orElse(0),
        StoryClusterer.THRESHOLD);
    assertThat(precision).as("precision; mistakes: %s", mistakes).isGreaterThanOrEqualTo(0.95);
    assertThat(recall).as("recall; mistakes: %s", mistakes).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void linksACopyToTheFirstItemOfItsStoryAndMarksItNotNovel() throws IOException {
    Pair pair = pairs().get(0);
    StoryClusterer clusterer = new StoryClusterer();
    Assignment first = clusterer.assign(pair.first());
    Assignment copy = clusterer.assign(pair.second());
    assertThat(first.outcome()).isEqualTo(Outcome.NEW);
    assertThat(first.item().novel()).isTrue();
    assertThat(first.item().storyId()).isEqualTo(pair.first().id());
    assertThat(copy.outcome()).isEqualTo(Outcome.NEAR_DUPLICATE);
    assertThat(copy.item().novel()).isFalse();
    assertThat(copy.item().storyId()).isEqualTo(pair.first().id());
    assertThat(copy.item().id()).isEqualTo(pair.second().id());
    assertThat(copy.similarity()).isBetween(StoryClusterer.THRESHOLD, 1.0);
  }

  @Test
  void dropsTheSameUrlOrTheSameTextAsDuplicates() {
    StoryClusterer clusterer = new StoryClusterer();
    RawNewsItem a = item("https://a.example/x", "Acme wins contract", "Acme said on Monday it won a large contract.", 0);
    RawNewsItem sameUrl = item("https://a.example/x?utm_source=rss", "Acme wins big contract", "Other text.", 1);
    RawNewsItem sameText = item("https://b.example/y", "ACME wins   contract", "acme said on Monday it won a large contract.", 2);
    assertThat(clusterer.assign(a).outcome()).isEqualTo(Outcome.NEW);
    assertThat(clusterer.assign(sameUrl).outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(clusterer.assign(sameText).outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(clusterer.size()).isEqualTo(1);
  }

  @Test
  void startsANewStoryWhenTheEarlierTellingIsBeyondTheHorizon() throws IOException {
    Pair pair = pairs().get(0);
    StoryClusterer clusterer = new StoryClusterer(100, Duration.ofHours(1));
    clusterer.assign(pair.first());
    RawNewsItem late = pair.second();
    late = new RawNewsItem(0, late.id(), null, true, late.source(), late.url(), late.title(), late.summary(),
        pair.first().publishedAt().plus(Duration.ofHours(2)), null, late.entities(), null);
    assertThat(clusterer.assign(late).outcome()).isEqualTo(Outcome.NEW);
  }

  @Test
  void holdsAtMostItsCapacityAndForgetsOnRequest() throws IOException {
    StoryClusterer clusterer = new StoryClusterer(5, Duration.ofHours(48));
    List<Pair> pairs = pairs();
    for (Pair p : pairs) {
      clusterer.assign(p.first());
      clusterer.assign(p.second());
      assertThat(clusterer.size()).isLessThanOrEqualTo(5);
    }
    RawNewsItem last = pairs.get(pairs.size() - 1).second();
    assertThat(clusterer.assign(last).outcome()).isEqualTo(Outcome.DUPLICATE);
    clusterer.forget(last.id());
    assertThat(clusterer.assign(last).outcome()).isEqualTo(Outcome.NEW);
  }

  @Test
  void assignsTheSameStoriesOnEveryRun() throws IOException {
    List<String> first = stories();
    assertThat(stories()).isEqualTo(first);
    assertThat(first.stream().distinct().count()).isLessThan(first.size());
  }

  @Test
  void refusesANonPositiveCapacityOrHorizon() {
    assertThatThrownBy(() -> new StoryClusterer(0, Duration.ofHours(1))).hasMessageContaining("capacity = 0");
    assertThatThrownBy(() -> new StoryClusterer(10, Duration.ZERO)).hasMessageContaining("horizon = PT0S");
  }

  private static double similarity(Pair p) {
    return MinHash.similarity(MinHash.signature(StoryText.of(p.first().title(), p.first().summary()).features()), 0,
        MinHash.signature(StoryText.of(p.second().title(), p.second().summary()).features()), 0);
  }

  private static List<String> stories() throws IOException {
    StoryClusterer clusterer = new StoryClusterer();
    List<String> out = new ArrayList<>();
    for (Pair p : pairs()) {
      out.add(clusterer.assign(p.first()).item().storyId());
      out.add(clusterer.assign(p.second()).item().storyId());
    }
    return out;
  }

  /** The pairs of the resource file, the first item of pair i published at 20 i minutes, the second 5 minutes later. */
  static List<Pair> pairs() throws IOException {
    String text;
    try (InputStream in = StoryClustererTest.class.getResourceAsStream("/dedup/stories.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Pair> pairs = new ArrayList<>();
    for (String block : text.split("\n\\s*\n")) {
      List<String> lines = block.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
      if (lines.isEmpty()) {
        continue;
      }
      int minute = pairs.size() * 20;
      RawNewsItem first = item(lines.get(1), lines.get(2), lines.get(3), minute);
      String lead = lines.get(7).equals("=") ? lines.get(3) : lines.get(7);
      RawNewsItem second = item(lines.get(5), lines.get(6), lead, minute + 5);
      pairs.add(new Pair(lines.get(0).equals("same"), first, second));
    }
    return pairs;
  }

  private static RawNewsItem item(String url, String title, String lead, int minute) {
    String canonical = UrlCanonicalizer.canonical(url);
    Instant published = T0.plus(Duration.ofMinutes(minute));
    return RawNewsItem.of(ItemNormalizer.id(canonical), "test", canonical, title, lead, published, published,
        EntityExtractor.tickers(title, lead, List.of(), List.of()));
  }
}
