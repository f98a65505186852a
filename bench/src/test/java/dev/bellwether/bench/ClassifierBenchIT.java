package dev.bellwether.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.kafka.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The broker paths of the classifier benchmark on a small corpus, with two stream threads: every
 * record comes back from both partitions, and the time split is a share of each thread's time.
 */
class ClassifierBenchIT {

  @Test
  void measuresTheTopologyOnTwoPartitionsAndSplitsItsTime() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    ClassifierBench.Result result = ClassifierBench.run(
        new ClassifierBench.Options(120, 20, 2, 128, Duration.ofSeconds(2), null, 16, 2),
        new PrintStream(progress, true, StandardCharsets.UTF_8));

    JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(result.toJson()));

    assertThat(json.at("/topology/texts_per_second").asDouble()).isPositive();
    assertThat(json.at("/topology/mean_batch").asDouble()).isBetween(1.0, 16.0);
    assertThat(json.at("/topology/model_share").asDouble()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
    assertThat(json.at("/topology/commit_share").asDouble()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
    assertThat(json.at("/end_to_end/records").asInt()).isPositive();
    assertThat(json.at("/end_to_end/p99_ms").asDouble()).isGreaterThanOrEqualTo(json.at("/end_to_end/p50_ms").asDouble());
    assertThat(json.at("/ratios/topology_over_arrival_order").asDouble()).isPositive();
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("2 stream threads, 1 ONNX Runtime thread(s) each");
  }
}
