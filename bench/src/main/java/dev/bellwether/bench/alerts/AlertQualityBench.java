package dev.bellwether.bench.alerts;

import dev.bellwether.alerts.AlertEngine;
import dev.bellwether.alerts.OfflineAlerting;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.WindowStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The alert-quality bench: replays a seeded synthetic stream with injected negative spikes and
 * distractors through the real alerting engine and scores the alerts it raises against
 * what was injected (see {@link Scorecard}).
 *
 * <p>The stream runs through {@link OfflineAlerting}: the {@link AlertEngine} the pipeline's
 * alerting stage runs, over memory instead of state stores, so the bench measures the shipped
 * windows and rule rather than a re-creation of them that could drift.
 */
public final class AlertQualityBench {

  /** First instant of every replay: a Monday at midnight, so the diurnal curve starts at night. */
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  private static final int PROGRESS_STEPS = 20;
  private static final int DRAIN_EVERY = 200;

  private AlertQualityBench() {}

  /**
   * Generates {@code hours} of news with {@code seed}, replays it under {@code config} and scores
   * the alerts; progress and an estimate of the time left go to {@code progress}.
   */
  public static Scorecard run(AlertsConfig config, int hours, long seed, PrintStream progress) {
    if (hours < 1) {
      throw new IllegalArgumentException("hours must be at least 1, got " + hours);
    }
    long began = System.nanoTime();
    BenchStream.Generated generated = new BenchStream(seed).generate(START, Duration.ofHours(hours));
    progress.printf("alerts bench: %,d items over %d h, %d spikes, %d distractors, %d scopes%n",
        generated.items().size(), hours, generated.spikes().size(), generated.distractors(), generated.scopes().size());
    List<Alert> alerts = replay(config, generated.items(), began, progress);
    double seconds = (System.nanoTime() - began) / 1e9;
    return Scorecard.of(generated, alerts, config.window(), hours, seconds);
  }

  private static List<Alert> replay(AlertsConfig config, List<ScoredNewsItem> items, long began, PrintStream progress) {
    List<Alert> alerts = new ArrayList<>();
    OfflineAlerting run = new OfflineAlerting(config, new SimpleMeterRegistry(), new AlertEngine.Sink() {
      @Override
      public void window(String scope, WindowStats stats) {}

      @Override
      public void alert(Alert alert) {
        alerts.add(alert);
      }

      @Override
      public void late(String scope, ScoredNewsItem item) {}
    });
    int step = Math.max(1, items.size() / PROGRESS_STEPS);
    for (int i = 0; i < items.size(); i++) {
      run.accept(items.get(i));
      if ((i + 1) % step == 0 || i + 1 == items.size()) {
        report(progress, i + 1, items.size(), began);
      }
    }
    // Every window holding an item is evaluated, as if news had gone on past the last one.
    Instant last = items.isEmpty() ? START : items.get(items.size() - 1).item().publishedAt();
    Duration longest = config.window().kinds().values().stream()
        .map(w -> w.size()).max(Comparator.naturalOrder()).orElseThrow();
    run.closeThrough(last.plus(longest));
    alerts.sort(Comparator.comparing(Alert::windowEnd));
    return alerts;
  }

  private static void report(PrintStream progress, int done, int total, long began) {
    double elapsed = (System.nanoTime() - began) / 1e9;
    double eta = elapsed * (total - done) / done;
    progress.printf("alerts bench: %3d%% replayed (%,d/%,d items), %.0f s elapsed, ETA %.0f s%n",
        100L * done / total, done, total, elapsed, eta);
  }
}
