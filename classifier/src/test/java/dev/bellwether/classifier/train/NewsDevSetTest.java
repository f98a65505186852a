package dev.bellwether.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.StoredModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-labelled news dev set: its label file, and its join with the shared crawl. */
class NewsDevSetTest {

  @Test
  void labelsSixHundredDistinctItemsStratifiedOverTheFeedGroupsWithKnownLabels() {
    List<NewsDevSet.Label> labels = NewsDevSet.labels();
    List<String> topics = StoredModel.read(null).manifest().labels().topic();

    assertThat(labels).hasSize(600);
    assertThat(new HashSet<>(labels.stream().map(NewsDevSet.Label::id).toList())).hasSize(600);
    Map<String, Long> byGroup = labels.stream().collect(Collectors.groupingBy(NewsDevSet.Label::group,
        Collectors.counting()));
    assertThat(byGroup).containsOnlyKeys("markets", "business", "general");
    assertThat(byGroup.values()).allMatch(n -> n >= 150);
    assertThat(labels).allMatch(l -> topics.contains(l.topic()));
    assertThat(labels).allMatch(l -> NewsClassifier.SENTIMENT_LABELS.contains(l.sentiment()));
  }

  @Test
  void saysWhereTheTextShouldBeWhenTheCrawlIsMissing(@TempDir Path empty) {
    assertThatThrownBy(() -> NewsDevSet.load(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(empty.resolve(NewsDevSet.CRAWL).toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void joinsEveryLabelWithItsHeadlineInTheSharedCrawl() {
    Path root = SharedData.root();
    assumeTrue(root != null, "the shared data (shared/data/" + NewsDevSet.CRAWL + ") is not beside this checkout, "
        + "so the news dev set's text cannot be read; skipped");

    NewsDevSet set = NewsDevSet.load(root);

    assertThat(set.items()).hasSize(600);
    assertThat(set.items()).allMatch(i -> !i.title().isBlank());
    assertThat(set.groups()).containsExactly("business", "general", "markets");
  }

  /** Where the shared data folder is: {@code shared/data} beside the checkout or a folder above it. */
  static final class SharedData {

    private SharedData() {}

    static Path root() {
      Path dir = Path.of("").toAbsolutePath();
      for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
        Path candidate = dir.resolve("shared").resolve("data");
        if (Files.isRegularFile(candidate.resolve(NewsDevSet.CRAWL))) {
          return candidate;
        }
      }
      return null;
    }
  }
}
