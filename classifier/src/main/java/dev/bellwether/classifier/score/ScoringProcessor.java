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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decodes raw records and classifies them in micro-batches, forwarding a scored item per record
 * or, when a record is unreadable or cannot be scored, a dead letter. Never throws into the stream
 * thread.
 *
 * <p>Readable records wait in a changelogged buffer store until {@code batchSize} of them are there
 * or {@code maxDelay} of wall-clock time has passed; then one encoder pass scores them all and they
 * are forwarded in arrival order. Because the buffer is a state store, it is part of each
 * exactly-once commit: a crash after a commit restores the waiting records instead of losing them.
 */
final class ScoringProcessor implements Processor<String, byte[], String, ScoringOutcome> {

  private final NewsClassifier classifier;
  private final ScoringMetrics metrics;
  private final Clock clock;
  private final String bufferStore;
  private final int batchSize;
  private final Duration maxDelay;
  private final JsonCodec<RawNewsItem> codec = Topics.RAW.valueSerde().codec();
  private ProcessorContext<String, ScoringOutcome> context;
  private KeyValueStore<Long, byte[]> buffer;
  private long nextSequence;
  private int waiting;
  private long oldestWaitingSinceMs;
  /** Items decoded on arrival, by buffer sequence, so a flush need not decode them again. */
  private final Map<Long, RawNewsItem> decodedItems = new HashMap<>();

  ScoringProcessor(
      NewsClassifier classifier, ScoringMetrics metrics, Clock clock, String bufferStore, int batchSize,
      Duration maxDelay) {
    this.classifier = classifier;
    this.metrics = metrics;
    this.clock = clock;
    this.bufferStore = bufferStore;
    this.batchSize = batchSize;
    this.maxDelay = maxDelay;
  }

  @Override
  public void init(ProcessorContext<String, ScoringOutcome> context) {
    this.context = context;
    this.buffer = context.getStateStore(bufferStore);
    // After a restore the buffer may hold records from before the restart: continue after them.
    try (KeyValueIterator<Long, byte[]> all = buffer.all()) {
      while (all.hasNext()) {
        nextSequence = Math.max(nextSequence, all.next().key + 1);
        waiting++;
      }
    }
    oldestWaitingSinceMs = context.currentSystemTimeMs();
    // Check often, flush only a batch whose oldest record has waited maxDelay: flushing on every
    // tick would cut batches short whenever scoring the previous batch took longer than a tick.
    Duration tick = maxDelay.dividedBy(4).isZero() ? Duration.ofMillis(1) : maxDelay.dividedBy(4);
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> {
      if (waiting > 0 && now - oldestWaitingSinceMs >= maxDelay.toMillis()) {
        flush();
      }
    });
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Decoded<RawNewsItem> decoded = Decoded.of(codec, record.value());
    Optional<RecordMetadata> meta = context.recordMetadata();
    Buffered entry = new Buffered(record.key(), record.timestamp(),
        meta.map(RecordMetadata::topic).orElse(Topics.RAW.name()),
        meta.map(RecordMetadata::partition).orElse(-1),
        meta.map(RecordMetadata::offset).orElse(-1L),
        record.value() == null ? new byte[0] : record.value());
    if (!decoded.ok()) {
      deadLetter(entry, decoded.error());
      return;
    }
    if (waiting == 0) {
      oldestWaitingSinceMs = context.currentSystemTimeMs();
    }
    decodedItems.put(nextSequence, decoded.value());
    buffer.put(nextSequence++, entry.encode());
    if (++waiting >= batchSize) {
      flush();
    }
  }

  /** Scores and forwards every waiting record, oldest first, then empties the buffer. */
  private void flush() {
    if (waiting == 0) {
      return;
    }
    List<Long> sequences = new ArrayList<>(waiting);
    List<Buffered> entries = new ArrayList<>(waiting);
    List<RawNewsItem> items = new ArrayList<>(waiting);
    try (KeyValueIterator<Long, byte[]> all = buffer.all()) {
      while (all.hasNext()) {
        KeyValue<Long, byte[]> kv = all.next();
        Buffered entry = Buffered.decode(kv.value);
        RawNewsItem item = decodedItems.get(kv.key);
        sequences.add(kv.key);
        entries.add(entry);
        // Records restored from the changelog after a restart were never decoded by this instance.
        items.add(item != null ? item : Decoded.of(codec, entry.payload()).value());
      }
    }
    for (int from = 0; from < entries.size(); from += batchSize) {
      int to = Math.min(entries.size(), from + batchSize);
      score(entries.subList(from, to), items.subList(from, to));
    }
    for (Long sequence : sequences) {
      buffer.delete(sequence);
    }
    decodedItems.clear();
    waiting = 0;
  }

  private void score(List<Buffered> batch, List<RawNewsItem> items) {
    List<String> texts = new ArrayList<>(items.size());
    for (RawNewsItem item : items) {
      texts.add(textOf(item));
    }
    List<ClassifiedText> results;
    long start = System.nanoTime();
    try {
      results = classifier.classifyAll(texts);
    } catch (RuntimeException batchFailure) {
      if (classifier.isClosed()) {
        // Shutting down: these records are not bad, and their offsets are not committed.
        throw batchFailure;
      }
      // Find the text that fails: score one by one, dead-lettering only what still fails.
      scoreOneByOne(batch, items, texts);
      return;
    }
    recordLatency(start, batch.size());
    for (int i = 0; i < batch.size(); i++) {
      forward(batch.get(i), items.get(i), results.get(i));
    }
  }

  private void scoreOneByOne(List<Buffered> batch, List<RawNewsItem> items, List<String> texts) {
    for (int i = 0; i < batch.size(); i++) {
      long start = System.nanoTime();
      try {
        ClassifiedText result = classifier.classify(texts.get(i));
        recordLatency(start, 1);
        forward(batch.get(i), items.get(i), result);
      } catch (RuntimeException e) {
        if (classifier.isClosed()) {
          throw e;
        }
        deadLetter(batch.get(i), "scoring failed: " + e);
      }
    }
  }

  private void recordLatency(long startNanos, int items) {
    long perItem = (System.nanoTime() - startNanos) / items;
    for (int i = 0; i < items; i++) {
      metrics.latency().record(perItem, TimeUnit.NANOSECONDS);
    }
    metrics.batch(items);
  }

  private void forward(Buffered entry, RawNewsItem item, ClassifiedText result) {
    ScoredNewsItem scored = new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, item, classifier.id(),
        result.topic(), result.sentiment(), result.flags(), clock.instant());
    metrics.scored(result.sentiment().label().label());
    result.flags().forEach(metrics::flagged);
    context.forward(new Record<>(entry.key(), ScoringOutcome.of(scored), entry.timestamp()));
  }

  /**
   * The text scored: the headline, or the summary when nothing of the headline survives
   * cleaning (a bare link, say). Bodies are not aggregated yet; the heads were trained on
   * headline-length texts.
   */
  static String textOf(RawNewsItem item) {
    return TextCleaner.clean(item.title()).isEmpty() ? item.summary() : item.title();
  }

  private void deadLetter(Buffered entry, String reason) {
    DeadLetter letter = DeadLetter.of(ScoringMetrics.STAGE, entry.topic(), entry.partition(), entry.offset(),
        entry.key(), reason, entry.payload(), clock.instant());
    metrics.deadLetter();
    context.forward(new Record<>(entry.key(), ScoringOutcome.of(letter), entry.timestamp()));
  }
}
