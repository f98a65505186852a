package dev.bellwether.classifier.score;

import dev.bellwether.classifier.model.ClassifiedText;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.TextCleaner;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.kafka.Decoded;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes one raw record and classifies it, forwarding a scored item or, when the record is
 * unreadable or scoring fails, a dead letter. Never throws into the stream thread.
 */
final class ScoringProcessor implements FixedKeyProcessor<String, byte[], ScoringOutcome> {

  private final NewsClassifier classifier;
  private final ScoringMetrics metrics;
  private final Clock clock;
  private final JsonCodec<RawNewsItem> codec = Topics.RAW.valueSerde().codec();
  private FixedKeyProcessorContext<String, ScoringOutcome> context;

  ScoringProcessor(NewsClassifier classifier, ScoringMetrics metrics, Clock clock) {
    this.classifier = classifier;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, ScoringOutcome> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    Decoded<RawNewsItem> decoded = Decoded.of(codec, record.value());
    if (!decoded.ok()) {
      deadLetter(record, decoded.error());
      return;
    }
    RawNewsItem item = decoded.value();
    ClassifiedText result;
    try {
      long start = System.nanoTime();
      result = classifier.classify(textOf(item));
      metrics.latency().record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      deadLetter(record, "scoring failed: " + e);
      return;
    }
    ScoredNewsItem scored = new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, item, classifier.id(),
        result.topic(), result.sentiment(), result.flags(), clock.instant());
    metrics.scored(result.sentiment().label().label());
    result.flags().forEach(metrics::flagged);
    context.forward(record.withValue(ScoringOutcome.of(scored)));
  }

  /**
   * The text scored: the headline, or the summary when nothing of the headline survives
   * cleaning (a bare link, say). Bodies are not aggregated yet; the heads were trained on
   * headline-length texts.
   */
  static String textOf(RawNewsItem item) {
    return TextCleaner.clean(item.title()).isEmpty() ? item.summary() : item.title();
  }

  private void deadLetter(FixedKeyRecord<String, byte[]> record, String reason) {
    Optional<RecordMetadata> meta = context.recordMetadata();
    DeadLetter letter = DeadLetter.of(ScoringMetrics.STAGE,
        meta.map(RecordMetadata::topic).orElse(Topics.RAW.name()),
        meta.map(RecordMetadata::partition).orElse(-1),
        meta.map(RecordMetadata::offset).orElse(-1L),
        record.key(), reason, record.value(), clock.instant());
    metrics.deadLetter();
    context.forward(record.withValue(ScoringOutcome.of(letter)));
  }
}
