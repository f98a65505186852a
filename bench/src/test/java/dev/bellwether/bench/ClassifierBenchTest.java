package dev.bellwether.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.kafka.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory paths of the classifier benchmark (encoder, full model, naive) on a small corpus. */
class ClassifierBenchTest {

  @Test
  void reportsPositiveThroughputAndLatencyForEachInMemoryPath() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    ClassifierBench.Result result = ClassifierBench.run(
        new ClassifierBench.Options(100, 10, 1, 128, Duration.ZERO, null, 32, 1),
        new PrintStream(progress, true, StandardCharsets.UTF_8));

    JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(result.toJson()));

    assertThat(json.get("texts").asInt()).isEqualTo(100);
    for (String path : List.of("encoder", "full_model", "full_model_arrival_order", "naive")) {
      assertThat(json.at("/" + path + "/texts_per_second").asDouble()).as(path).isPositive();
      assertThat(json.at("/" + path + "/p50_ms").asDouble()).as(path).isPositive();
      assertThat(json.at("/" + path + "/p99_ms").asDouble()).as(path)
          .isGreaterThanOrEqualTo(json.at("/" + path + "/p50_ms").asDouble());
    }
    assertThat(json.at("/ratios/full_over_encoder").asDouble()).isPositive();
    assertThat(json.at("/ratios/batched_over_naive").asDouble()).isPositive();
    assertThat(json.has("topology")).as("broker paths skipped").isFalse();
    assertThat(result.table()).contains("encoder only", "full model", "arrival order", "naive");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("warming up");
  }

  @Test
  void generatesTheSameVariedHeadlinesEveryTime() {
    List<String> headlines = BenchHeadlines.generate(500);

    assertThat(headlines).isEqualTo(BenchHeadlines.generate(500)).noneMatch(h -> h.contains("%s") || h.contains("%d"));
    assertThat(headlines.stream().mapToInt(String::length).max().orElseThrow())
        .isGreaterThan(4 * headlines.stream().mapToInt(String::length).min().orElseThrow());
  }

  @Test
  void batchesHoldThirtyTwoTextsShortestFirst() {
    List<List<String>> batches = ClassifierBench.batchesByLength(BenchHeadlines.generate(100));

    assertThat(batches).hasSize(4);
    assertThat(batches.get(0)).hasSize(32);
    assertThat(batches.get(3)).hasSize(4);
    assertThat(batches.get(0).get(0).length()).isLessThanOrEqualTo(batches.get(3).get(3).length());
  }
}
