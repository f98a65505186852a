package dev.bellwether.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bellwether.config.IngestConfig;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.normalize.CompanyDictionary;
import dev.bellwether.ingest.normalize.ItemNormalizer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewsFileTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final ItemNormalizer TAGGING =
      new ItemNormalizer(CompanyDictionary.bundled(), IngestConfig.DEFAULT_MAX_SUMMARY_CHARS);

  @TempDir Path dir;

  @Test
  void readsAGzippedFileOldestFirstTaggedLikeTheFeedsWithItsBadLines() throws Exception {
    Path file = dir.resolve("news.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(("""
          {"id": "b", "title": "Microsoft cuts 10,000 jobs", "published_at": "2023-01-18T15:00:00Z", "source": "wire"}
          {"id": "a", "title": "Markets steady", "published_at": "2023-01-18T09:00:00Z"}
          not json
          {"id": "c", "published_at": "2023-01-18T10:00:00Z"}
          """).getBytes(StandardCharsets.UTF_8));
    }
    NewsFile news = NewsFile.read(file, TAGGING, NOW, null);
    assertThat(news.items()).extracting(RawNewsItem::id).containsExactly("a", "b");
    assertThat(news.items().get(1).entities()).as("the company dictionary").contains("MSFT");
    assertThat(news.items().get(0).source()).as("the file name stands in").isEqualTo("news.jsonl.gz");
    assertThat(news.bad()).extracting(BadLine::line).containsExactly(3L, 4L);
    assertThat(news.bad().get(1).reason()).contains("title");
  }

  @Test
  void refusesAFileThatIsNeitherJsonLinesNorCsv() {
    assertThatThrownBy(() -> NewsFile.read(dir.resolve("news.txt"), TAGGING, NOW, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".jsonl").hasMessageContaining(".csv");
  }

  @Test
  void readsTheSharedRssSampleWithoutABadLine() throws Exception {
    Path sample = Path.of("..", "..", "shared", "data", "rss-2023", "rss-2023-01-02.jsonl.gz").toAbsolutePath().normalize();
    assumeTrue(Files.isRegularFile(sample), "the rss-2023 sample is not at " + sample + "; skipped");
    NewsFile news = NewsFile.read(sample, TAGGING, NOW, null);
    assertThat(news.bad()).isEmpty();
    assertThat(news.items()).hasSize(137_302);
    assertThat(news.items().get(0).publishedAt()).isBefore(news.items().get(news.items().size() - 1).publishedAt());
  }
}
