package dev.bellwether.classifier.score;

import dev.bellwether.classifier.model.ModelSlot;
import dev.bellwether.event.ModelId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The meters of the scoring stage, registered once per topology. */
final class ScoringMetrics {

  static final String SCORED = "bellwether.classifier.items.scored";
  static final String FLAGGED = "bellwether.classifier.items.flagged";
  static final String LATENCY = "bellwether.classifier.scoring.latency";
  static final String MODEL_INFO = "bellwether.classifier.model.info";
  static final String DEAD_LETTERS = "bellwether.deadletter.records";
  static final String STAGE = "classifier";
  static final String BATCH_SIZE = "bellwether.classifier.batch.size";
  static final String CHUNKS = "bellwether.classifier.item.chunks";

  private final MeterRegistry registry;
  private final Timer latency;
  private final Counter deadLetters;
  private final DistributionSummary batchSizes;
  private final DistributionSummary chunks;
  private final ModelSlot models;
  private final Set<ModelId> modelsShown = ConcurrentHashMap.newKeySet();

  ScoringMetrics(MeterRegistry registry, ModelSlot models) {
    this.models = models;
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
    this.chunks = DistributionSummary.builder(CHUNKS)
        .description("Pieces of text (headline, groups of body sentences) scored and averaged per item")
        .register(registry);
    model(models.currentId());
  }

  /**
   * Shows {@code model} in the model-info gauge: 1 while it is the slot's current model, 0 once a
   * newer version has replaced it, so a dashboard sees the swap.
   */
  void model(ModelId model) {
    if (model != null && modelsShown.add(model)) {
      Gauge.builder(MODEL_INFO, () -> Objects.equals(models.currentId(), model) ? 1 : 0)
          .description("The model versions that scored items; 1 for the one scoring now. Tags name version and content hash")
          .tag("model", model.name())
          .tag("version", model.version())
          .tag("sha256", model.sha256().substring(0, 12))
          .register(registry);
    }
  }

  void chunks(int pieces) {
    chunks.record(pieces);
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
