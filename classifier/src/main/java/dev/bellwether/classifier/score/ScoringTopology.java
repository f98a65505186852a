package dev.bellwether.classifier.score;

import dev.bellwether.classifier.model.ModelSlot;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.config.ClassifierConfig;
import dev.bellwether.event.Tick;
import dev.bellwether.kafka.JsonSerde;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The scoring Streams app: {@code news.raw} (bytes) → decode and classify in micro-batches →
 * {@code news.scored}, with unreadable or unscorable records going to {@code news.dlq}, and ticks
 * passed on to the same partition number. Its only state is the small buffer of records waiting
 * for their batch; keys pass through unchanged.
 */
public final class ScoringTopology {

  static final String SOURCE = "raw-source";
  static final String SCORE = "score";
  /** The changelogged store where records wait for their batch. */
  public static final String BUFFER_STORE = "score-buffer";
  static final String ROUTE = "route-";
  static final String SCORED_BRANCH = "scored";
  static final String DEAD_BRANCH = "dead-letter";
  static final String TICK_BRANCH = "tick";
  static final String UNWRAP_TICK = "unwrap-tick";
  static final String TICK_SINK = "tick-sink";
  static final String UNWRAP_SCORED = "unwrap-scored";
  static final String UNWRAP_DEAD = "unwrap-dead-letter";
  static final String SCORED_SINK = "scored-sink";
  static final String DEAD_SINK = "dead-letter-sink";

  private ScoringTopology() {}

  /**
   * Streams settings the batching relies on, to apply on top of the application's own: a stream
   * thread with nothing to read blocks in {@code poll} for {@code poll.ms} (100 ms by default)
   * and only ticks the flush punctuation in between, so a trickle of records would wait a whole
   * poll per tick; polling for at most one tick keeps a partial batch's wait near
   * {@code max-batch-delay}. (Waiting for data costs nothing extra: fetches stay in flight.)
   */
  public static Map<String, Object> streamsSettings(ClassifierConfig settings) {
    return Map.of(StreamsConfig.POLL_MS_CONFIG, ScoringProcessor.tickMillis(settings.maxBatchDelay()));
  }

  /**
   * Builds the topology scoring each record alone (batches of one), so every score is exactly
   * reproducible.
   *
   * @param classifier the model; the topology does not close it
   * @param registry receives the scoring meters
   * @param clock stamps {@code scored_at} and dead letters
   */
  public static Topology build(NewsClassifier classifier, MeterRegistry registry, Clock clock) {
    return build(classifier, registry, clock, 1, Duration.ofMillis(20));
  }

  /**
   * Builds the topology scoring micro-batches of up to {@code batchSize} records, each waiting at
   * most {@code maxBatchDelay} (wall clock) for its batch to fill.
   *
   * @param classifier the model; the topology does not close it
   * @param registry receives the scoring meters
   * @param clock stamps {@code scored_at} and dead letters
   * @param batchSize most records per encoder pass
   * @param maxBatchDelay longest a record waits for its batch
   */
  public static Topology build(
      NewsClassifier classifier, MeterRegistry registry, Clock clock, int batchSize, Duration maxBatchDelay) {
    return build(ModelSlot.of(classifier), new ClassifierConfig("", 1, 128, batchSize, maxBatchDelay), registry, clock);
  }

  /**
   * Builds the topology scoring micro-batches on whichever model {@code models} holds when each
   * batch starts, so a model swapped into the slot scores from the next batch on.
   *
   * @param models the model slot; the topology neither swaps nor closes it
   * @param settings batching ({@code batch-size}, {@code max-batch-delay}) and long-text
   *     ({@code max-chunks}, {@code title-weight}) settings
   * @param registry receives the scoring meters
   * @param clock stamps {@code scored_at} and dead letters
   */
  public static Topology build(ModelSlot models, ClassifierConfig settings, MeterRegistry registry, Clock clock) {
    ScoringMetrics metrics = new ScoringMetrics(registry, models);
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BUFFER_STORE), Serdes.Long(), Serdes.ByteArray())
            .withLoggingEnabled(Map.of()));
    KStream<String, ScoringOutcome> outcomes = builder
        .stream(Topics.RAW.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE))
        .process(() -> new ScoringProcessor(models, metrics, clock, BUFFER_STORE, settings),
            Named.as(SCORE), BUFFER_STORE);
    Map<String, KStream<String, ScoringOutcome>> routes = outcomes
        .split(Named.as(ROUTE))
        .branch((key, outcome) -> outcome.isScored(), Branched.as(SCORED_BRANCH))
        .branch((key, outcome) -> outcome.isTick(), Branched.as(TICK_BRANCH))
        .defaultBranch(Branched.as(DEAD_BRANCH));
    routes.get(ROUTE + SCORED_BRANCH)
        .mapValues(ScoringOutcome::scored, Named.as(UNWRAP_SCORED))
        .to(Topics.SCORED.name(),
            Produced.with(Topics.SCORED.keySerde(), Topics.SCORED.valueSerde()).withName(SCORED_SINK));
    routes.get(ROUTE + TICK_BRANCH)
        .mapValues(ScoringOutcome::tick, Named.as(UNWRAP_TICK))
        .to(Topics.SCORED.name(),
            Produced.with(Serdes.String(), new JsonSerde<>(Tick.class)).withStreamPartitioner(new TickPartitioner())
                .withName(TICK_SINK));
    routes.get(ROUTE + DEAD_BRANCH)
        .mapValues(ScoringOutcome::deadLetter, Named.as(UNWRAP_DEAD))
        .to(Topics.DEAD_LETTER.name(),
            Produced.with(Topics.DEAD_LETTER.keySerde(), Topics.DEAD_LETTER.valueSerde()).withName(DEAD_SINK));
    return builder.build();
  }
}
