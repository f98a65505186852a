package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.bench.LoadBench;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of {@code bench load}: one minute at a modest rate, which any machine that runs
 * the build sustains, must keep every item scored and report lag, heap and latency. Their sizes
 * depend on the machine, so they are the bench command's to report, not this test's to judge.
 */
@Tag("slow") // a fault or soak test: mvn verify -Pslow runs it, plain mvn verify does not
class LoadBenchIT {

  private static final double RATE = 20;

  @TempDir Path dir;

  @Test
  void aMinuteAtAModestRateIsAllScoredAndMeasured() throws Exception {
    BellwetherConfig config = new ConfigLoader().load(null, BenchLoadCommand.benchEnvironment(dir));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    LoadBench.Result r = BenchLoadCommand.measure(config, new LoadBench.Options(RATE, Duration.ofMinutes(1)),
        new PrintStream(progress, true, StandardCharsets.UTF_8));
    System.out.println("LoadBenchIT: " + r.toJson());

    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("ETA");
    assertThat(r.scored()).isEqualTo(r.sent());
    // What the bench measures is checked for being measured, not for its size: lag, heap and
    // latency depend on the machine, and their targets are the bench command's to report. (A
    // minute may pass without a collection, so the heap after one may be unmeasured.)
    assertThat(r.lagP99()).isLessThanOrEqualTo(r.lagMax());
    assertThat(r.e2eP99Millis()).isPositive();
  }
}
