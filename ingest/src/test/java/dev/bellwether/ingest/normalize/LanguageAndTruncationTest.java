package dev.bellwether.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.parse.FeedEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageAndTruncationTest {

  private static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");

  @Test
  void cutsLongSummariesAndFlagsTheItemTruncated() {
    ItemNormalizer normalizer = new ItemNormalizer(CompanyDictionary.bundled(), 100);
    String longText = "Microsoft said on Monday that cloud revenue rose. ".repeat(10);
    RawNewsItem cut = normalizer.item(new FeedEntry("Cloud results", "https://n.test/a", null, longText, NOW, List.of()),
        "test", "", List.of(), NOW).orElseThrow();
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.summary()).hasSizeLessThanOrEqualTo(100).startsWith("Microsoft said on Monday");
    assertThat(cut.entities()).containsExactly("MSFT");
    assertThat(cut.language()).isEqualTo("en");

    RawNewsItem whole = normalizer.item(new FeedEntry("Cloud results", "https://n.test/b", null, "Short.", NOW, List.of()),
        "test", "", List.of(), NOW).orElseThrow();
    assertThat(whole.truncated()).isFalse();
    assertThat(whole.summary()).isEqualTo("Short.");
  }

  @Test
  void fallsBackToTheFetchTimeAndSaysSoWhenTheSourceGivesNoUsableTime() {
    ItemNormalizer normalizer = new ItemNormalizer(CompanyDictionary.bundled(), 100);
    Instant published = NOW.minusSeconds(3600);
    RawNewsItem dated = normalizer.item(new FeedEntry("Dated", "https://n.test/d", null, "", published, List.of()),
        "test", "", List.of(), NOW).orElseThrow();
    RawNewsItem undated = normalizer.item(new FeedEntry("Undated", "https://n.test/u", null, "", null, List.of()),
        "test", "", List.of(), NOW).orElseThrow();
    RawNewsItem future = normalizer.item(
        new FeedEntry("Future", "https://n.test/f", null, "", NOW.plusSeconds(86_400), List.of()),
        "test", "", List.of(), NOW).orElseThrow();

    assertThat(dated.publishedAt()).isEqualTo(published);
    assertThat(dated.publishedEstimated()).isFalse();
    assertThat(undated.publishedAt()).isEqualTo(NOW);
    assertThat(undated.publishedEstimated()).isTrue();
    assertThat(future.publishedAt()).isEqualTo(NOW);
    assertThat(future.publishedEstimated()).isTrue();
    assertThat(undated.withStory("other", false).publishedEstimated()).isTrue();
  }
}
