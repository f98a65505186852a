package dev.bellwether.alerts;

import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.kafka.Decoded;
import io.micrometer.core.instrument.Counter;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns a scored record that could not be read into a {@link DeadLetter} naming where it came
 * from and why it was refused, and counts it.
 */
final class DeadLetters implements FixedKeyProcessor<String, Decoded<ScoredNewsItem>, DeadLetter> {

  /** The stage name written into dead letters and the counter tag. */
  static final String STAGE = "alerts";

  private final Counter refused;
  private FixedKeyProcessorContext<String, DeadLetter> context;

  DeadLetters(Counter refused) {
    this.refused = refused;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, DeadLetter> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, Decoded<ScoredNewsItem>> record) {
    RecordMetadata source = context.recordMetadata().orElse(null);
    DeadLetter letter =
        DeadLetter.of(
            STAGE,
            source == null ? "" : source.topic(),
            source == null ? -1 : source.partition(),
            source == null ? -1L : source.offset(),
            record.key(),
            record.value().error(),
            record.value().payload(),
            Instant.ofEpochMilli(context.currentSystemTimeMs()));
    refused.increment();
    context.forward(record.withValue(letter));
  }
}
