package dev.bellwether.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ingest benchmark on a small corpus: every item is measured and the syndicated copies are found. */
class IngestBenchmarkTest {

  @Test
  void measuresEveryItemAndFindsTheSyndicatedCopies() {
    IngestBenchmark.Result r = IngestBenchmark.run(2_000, null);
    assertThat(r.items()).isEqualTo(2_000);
    assertThat(r.itemsPerSecond()).isPositive();
    assertThat(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros()).isPositive();
    // About 17% of the generated items are re-worded copies and 5% exact repeats.
    assertThat(r.nearDuplicates()).isBetween(200L, 450L);
    assertThat(r.duplicates()).isBetween(50L, 150L);
  }

  @Test
  void generatesTheSameCorpusForTheSameSeed() {
    String a = new String(BenchCorpus.documents(300, 100, 7).get(2), StandardCharsets.UTF_8);
    String b = new String(BenchCorpus.documents(300, 100, 7).get(2), StandardCharsets.UTF_8);
    assertThat(a).isEqualTo(b).contains("<item>").contains("utm_source=rss");
  }

  @Test
  void refusesAnEmptyRun() {
    assertThatThrownBy(() -> IngestBenchmark.run(0, null)).hasMessageContaining("items = 0");
  }
}
