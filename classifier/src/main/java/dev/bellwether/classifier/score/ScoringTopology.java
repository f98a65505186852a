package dev.bellwether.classifier.score;

import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The scoring Streams app: {@code news.raw} (bytes) → decode and classify → {@code news.scored},
 * with unreadable or unscorable records going to {@code news.dlq}. Stateless; keys and record
 * timestamps (publication times) pass through unchanged.
 */
public final class ScoringTopology {

  static final String SOURCE = "raw-source";
  static final String SCORE = "score";
  static final String ROUTE = "route-";
  static final String SCORED_BRANCH = "scored";
  static final String DEAD_BRANCH = "dead-letter";
  static final String UNWRAP_SCORED = "unwrap-scored";
  static final String UNWRAP_DEAD = "unwrap-dead-letter";
  static final String SCORED_SINK = "scored-sink";
  static final String DEAD_SINK = "dead-letter-sink";

  private ScoringTopology() {}

  /**
   * Builds the topology.
   *
   * @param classifier the model; the topology does not close it
   * @param registry receives the scoring meters
   * @param clock stamps {@code scored_at} and dead letters
   */
  public static Topology build(NewsClassifier classifier, MeterRegistry registry, Clock clock) {
    ScoringMetrics metrics = new ScoringMetrics(registry, classifier.id());
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, ScoringOutcome> outcomes = builder
        .stream(Topics.RAW.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE))
        .processValues(() -> new ScoringProcessor(classifier, metrics, clock), Named.as(SCORE));
    Map<String, KStream<String, ScoringOutcome>> routes = outcomes
        .split(Named.as(ROUTE))
        .branch((key, outcome) -> outcome.isScored(), Branched.as(SCORED_BRANCH))
        .defaultBranch(Branched.as(DEAD_BRANCH));
    routes.get(ROUTE + SCORED_BRANCH)
        .mapValues(ScoringOutcome::scored, Named.as(UNWRAP_SCORED))
        .to(Topics.SCORED.name(),
            Produced.with(Topics.SCORED.keySerde(), Topics.SCORED.valueSerde()).withName(SCORED_SINK));
    routes.get(ROUTE + DEAD_BRANCH)
        .mapValues(ScoringOutcome::deadLetter, Named.as(UNWRAP_DEAD))
        .to(Topics.DEAD_LETTER.name(),
            Produced.with(Topics.DEAD_LETTER.keySerde(), Topics.DEAD_LETTER.valueSerde()).withName(DEAD_SINK));
    return builder.build();
  }
}
