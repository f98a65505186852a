package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.launcher.bench.LoadBench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of {@code bench load}: one minute at a modest rate, which any machine that runs
 * the build sustains, must keep every item scored, the applications' lag bounded and the heap
 * after garbage collection from growing. The numbers themselves come from the bench command.
 */
class LoadBenchIT {

  private static final double RATE = 20;

  @TempDir Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aMinuteAtAModestRateKeepsLagAndHeapBounded() throws Exception {
    BellwetherConfig config = new ConfigLoader().load(null, BenchLoadCommand.benchEnvironment(dir));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    LoadBench.Result r = BenchLoadCommand.measure(config, new LoadBench.Options(RATE, Duration.ofMinutes(1)),
        new PrintStream(progress, true, StandardCharsets.UTF_8));
    System.out.println("LoadBenchIT: " + r.toJson());

    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("ETA");
    assertThat(r.scored()).isEqualTo(r.sent());
    // Lag counts records: each item is one raw record and three scope copies (topic, market, one
    // entity at most here) on the alerting repartition topic. Thirty seconds of those at worst
    // (start-up included); more means the pipeline fell behind the rate.
    assertThat(r.lagMax()).as("lag max, records").isLessThanOrEqualTo((long) (RATE * 30));
    assertThat(r.lagP99()).isLessThanOrEqualTo(r.lagMax());
    assertThat(r.heapAfterGcMaxMb()).isPositive();
    assertThat(r.heapAfterGcSecondHalfMb()).as("heap after GC, second half vs first half (MiB)")
        .isLessThanOrEqualTo(Math.max(r.heapAfterGcFirstHalfMb() * 1.5, r.heapAfterGcFirstHalfMb() + 64));
    assertThat(r.e2eP99Millis()).isPositive();
  }
}
