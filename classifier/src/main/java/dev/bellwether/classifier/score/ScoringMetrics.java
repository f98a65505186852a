package dev.bellwether.classifier.score;

import dev.bellwether.event.ModelId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The meters of the scoring stage, registered once per topology. */
final class ScoringMetrics {

  static final String SCORED = "bellwether.classifier.items.scored";
  static final String FLAGGED = "bellwether.classifier.items.flagged";
  static final String LATENCY = "bellwether.classifier.scoring.latency";
  static final String MODEL_INFO = "bellwether.classifier.model.info";
  static final String DEAD_LETTERS = "bellwether.deadletter.records";
  static final String STAGE = "classifier";
  static final String BATCH_SIZE = "bellwether.classifier.batch.size";

  private final MeterRegistry registry;
  private final Timer latency;
  private final Counter deadLetters;
  private final DistributionSummary batchSizes;

  ScoringMetrics(MeterRegistry registry, ModelId model) {
    this.registry = registry;
    this.latency = Timer.builder(LATENCY)
        .description("Time to classify one item (tokenise, encoder, heads), its share of its batch's time")
        .publishPercentileHistogram()
        .register(registry);
    this.deadLetters = Counter.builder(DEAD_LETTERS)
        .description("Records a stage could not process and sent to the dead-letter topic")
        .baseUnit("records")
        .tag("stage", STAGE)
        .register(registry);
    this.batchSizes = DistributionSummary.builder(BATCH_SIZE)
        .description("Items scored per encoder pass in the scoring topology")
        .baseUnit("items")
        .register(registry);
    Gauge.builder(MODEL_INFO, () -> 1)
        .description("The model scoring items; its tags name the version and content hash")
        .tag("model", model.name())
        .tag("version", model.version())
        .tag("sha256", model.sha256().substring(0, 12))
        .register(registry);
  }

  void batch(int items) {
    batchSizes.record(items);
  }

  Timer latency() {
    return latency;
  }

  void scored(String sentiment) {
    Counter.builder(SCORED)
        .description("Items classified and written to the scored topic, by sentiment label")
        .tag("sentiment", sentiment)
        .register(registry)
        .increment();
  }

  void flagged(String flag) {
    Counter.builder(FLAGGED)
        .description("Scored items carrying a flag such as empty-text or truncated")
        .tag("flag", flag)
        .register(registry)
        .increment();
  }

  void deadLetter() {
    deadLetters.increment();
  }
}
