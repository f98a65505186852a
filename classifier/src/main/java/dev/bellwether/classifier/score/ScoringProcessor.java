package dev.bellwether.classifier.score;

import dev.bellwether.classifier.model.ClassifiedText;
import dev.bellwether.classifier.model.ModelSlot;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.NewsText;
import dev.bellwether.config.ClassifierConfig;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Tick;
import dev.bellwether.kafka.Decoded;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Ticks;
import dev.bellwether.kafka.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * <p>Readable records wait in a changelogged buffer store until {@code batchSize} of them are
 * there, or a wall-clock tick finds that no record arrived since the tick before, or the batch has
 * waited about {@code maxBatchDelay}; then one call scores them all and they are forwarded in
 * arrival order. Because the buffer is a state store, it is part of each exactly-once commit: a
 * crash after a commit restores the waiting records instead of losing them.
 *
 * <p>Each flush leases the slot's current model and scores the whole batch on it, so a model swap
 * takes effect at the next batch and every record names the model that scored it.
 *
 * <p>{@link Tick Ticks} pass on to the same partition number of {@code news.scored}, never ahead of
 * the items read before them: one that comes while records wait joins the buffer (so a crash keeps
 * it too) and leaves after the batch, the latest per timeline.
 */
final class ScoringProcessor implements Processor<String, byte[], String, ScoringOutcome> {

  /** Wall-clock ticks per {@code maxBatchDelay}: how finely a partial batch's wait is checked. */
  static final int TICKS_PER_DELAY = 4;

  private final ModelSlot models;
  private final ScoringMetrics metrics;
  private final Clock clock;
  private final String bufferStore;
  private final ClassifierConfig settings;
  private final JsonCodec<RawNewsItem> codec = Topics.RAW.valueSerde().codec();
  private ProcessorContext<String, ScoringOutcome> context;
  private KeyValueStore<Long, byte[]> buffer;
  private Admission admission;
  private long nextSequence;
  private int waiting;
  /** Ticks that have seen the waiting batch. */
  private int ticksSeen;
  /** Records that were waiting at the previous tick. */
  private int waitingAtLastTick;
  /** Items decoded on arrival, by buffer sequence, so a flush need not decode them again. */
  private final Map<Long, RawNewsItem> decodedItems = new HashMap<>();

  ScoringProcessor(ModelSlot models, ScoringMetrics metrics, Clock clock, String bufferStore, ClassifierConfig settings) {
    this.models = models;
    this.metrics = metrics;
    this.clock = clock;
    this.bufferStore = bufferStore;
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, ScoringOutcome> context) {
    this.context = context;
    this.buffer = context.getStateStore(bufferStore);
    this.admission = new Admission(Admission.maxRequestBytes(context.appConfigs()), settings.maxFutureSkew(), clock);
    // After a restore the buffer may hold records from before the restart: continue after them.
    try (KeyValueIterator<Long, byte[]> all = buffer.all()) {
      while (all.hasNext()) {
        nextSequence = Math.max(nextSequence, all.next().key + 1);
        waiting++;
      }
    }
    context.schedule(Duration.ofMillis(tickMillis(settings.maxBatchDelay())), PunctuationType.WALL_CLOCK_TIME,
        now -> tick());
  }

  /** Interval of the flush punctuation. */
  static long tickMillis(Duration maxBatchDelay) {
    return Math.max(1, maxBatchDelay.toMillis() / TICKS_PER_DELAY);
  }

  /**
   * Sends a partial batch at the first tick that finds it has not grown since the tick before
   * (the input is drained: waiting longer only adds latency), or at the tick that has seen it wait
   * {@code maxBatchDelay}. Age is counted in ticks, not read from a clock: the stream thread does
   * not tick while it is blocked in a commit, and a commit must not age out a batch that is still
   * filling from records already fetched, which would send half-empty batches all through a
   * backlog. ({@code context.currentSystemTimeMs()} is worse: Streams reads it once per run of
   * records, so after a record that flushed a full batch it lags by the whole scoring time.)
   */
  private void tick() {
    if (waiting == 0) {
      return;
    }
    ticksSeen++;
    if (ticksSeen > 1 && waiting == waitingAtLastTick || ticksSeen > TICKS_PER_DELAY) {
      flush();
      return;
    }
    waitingAtLastTick = waiting;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Optional<RecordMetadata> meta = context.recordMetadata();
    Buffered entry = new Buffered(record.key(), record.timestamp(),
        meta.map(RecordMetadata::topic).orElse(Topics.RAW.name()),
        meta.map(RecordMetadata::partition).orElse(-1),
        meta.map(RecordMetadata::offset).orElse(-1L),
        record.value() == null ? new byte[0] : record.value());
    if (Ticks.isTick(record.headers())) {
      tick(entry);
      return;
    }
    Decoded<RawNewsItem> decoded = Decoded.of(codec, record.value());
    if (!decoded.ok()) {
      deadLetter(entry, decoded.error());
      return;
    }
    String refusal = admission.refusal(record.key(), entry.payload(), decoded.value());
    if (refusal != null) {
      deadLetter(entry, refusal);
      return;
    }
    decodedItems.put(nextSequence, decoded.value());
    buffer.put(nextSequence++, entry.encode());
    if (++waiting >= settings.batchSize()) {
      flush();
    }
  }

  /**
   * Passes a tick on at once when no record waits, else keeps it in the buffer (under the tick key,
   * which no story id takes) to leave after the batch.
   */
  private void tick(Buffered entry) {
    Decoded<Tick> decoded = Decoded.of(Ticks.codec(), entry.payload());
    if (!decoded.ok()) {
      deadLetter(entry, "unreadable tick: " + decoded.error());
      return;
    }
    if (waiting == 0) {
      forwardTick(entry, decoded.value());
      return;
    }
    buffer.put(nextSequence++, new Buffered(Ticks.KEY, entry.timestamp(), entry.topic(), entry.partition(),
        entry.offset(), entry.payload()).encode());
  }

  private void forwardTick(Buffered entry, Tick tick) {
    Tick onward = tick.onPartition(entry.partition() >= 0 ? entry.partition() : tick.partition());
    context.forward(new Record<>(Ticks.KEY, ScoringOutcome.of(onward), entry.timestamp(), Ticks.headers()));
  }

  /**
   * Scores and forwards every waiting record, oldest first, on one model, then the ticks that
   * waited with them, and empties the buffer.
   */
  private void flush() {
    if (waiting == 0) {
      return;
    }
    List<Long> sequences = new ArrayList<>(waiting);
    List<Buffered> entries = new ArrayList<>(waiting);
    List<RawNewsItem> items = new ArrayList<>(waiting);
    Map<String, Buffered> ticks = new LinkedHashMap<>();
    Map<String, Tick> latest = new LinkedHashMap<>();
    try (KeyValueIterator<Long, byte[]> all = buffer.all()) {
      while (all.hasNext()) {
        KeyValue<Long, byte[]> kv = all.next();
        Buffered entry = Buffered.decode(kv.value);
        sequences.add(kv.key);
        if (Ticks.KEY.equals(entry.key())) {
          Decoded<Tick> tick = Decoded.of(Ticks.codec(), entry.payload());
          if (tick.ok()) {
            Tick t = tick.value();
            Tick before = latest.get(t.timeline());
            if (before == null || t.end() || !before.end() && t.time().isAfter(before.time())) {
              latest.put(t.timeline(), t);
              ticks.put(t.timeline(), entry);
            }
          }
          continue;
        }
        RawNewsItem item = decodedItems.get(kv.key);
        entries.add(entry);
        // Records restored from the changelog after a restart were never decoded by this instance.
        items.add(item != null ? item : Decoded.of(codec, entry.payload()).value());
      }
    }
    try (ModelSlot.Lease lease = models.acquire()) {
      NewsClassifier classifier = lease.classifier();
      metrics.model(classifier.id());
      int batchSize = settings.batchSize();
      for (int from = 0; from < entries.size(); from += batchSize) {
        int to = Math.min(entries.size(), from + batchSize);
        score(classifier, entries.subList(from, to), items.subList(from, to));
      }
    }
    ticks.forEach((timeline, entry) -> forwardTick(entry, latest.get(timeline)));
    for (Long sequence : sequences) {
      buffer.delete(sequence);
    }
    decodedItems.clear();
    waiting = 0;
    ticksSeen = 0;
    waitingAtLastTick = 0;
  }

  private void score(NewsClassifier classifier, List<Buffered> batch, List<RawNewsItem> items) {
    List<NewsText> texts = new ArrayList<>(items.size());
    for (RawNewsItem item : items) {
      texts.add(textOf(item));
    }
    List<ClassifiedText> results;
    long start = System.nanoTime();
    try {
      results = classifier.classifyItems(texts, settings.maxChunks(), settings.titleWeight());
    } catch (RuntimeException batchFailure) {
      if (classifier.isClosed() || models.isClosed()) {
        // Shutting down: these records are not bad, and their offsets are not committed.
        throw batchFailure;
      }
      // Find the text that fails: score one by one, dead-lettering only what still fails.
      scoreOneByOne(classifier, batch, items, texts);
      return;
    }
    recordLatency(start, batch.size());
    for (int i = 0; i < batch.size(); i++) {
      forward(classifier, batch.get(i), items.get(i), results.get(i));
    }
  }

  private void scoreOneByOne(NewsClassifier classifier, List<Buffered> batch, List<RawNewsItem> items, List<NewsText> texts) {
    for (int i = 0; i < batch.size(); i++) {
      long start = System.nanoTime();
      try {
        ClassifiedText result =
            classifier.classifyItems(List.of(texts.get(i)), settings.maxChunks(), settings.titleWeight()).get(0);
        recordLatency(start, 1);
        forward(classifier, batch.get(i), items.get(i), result);
      } catch (RuntimeException e) {
        if (classifier.isClosed() || models.isClosed()) {
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

  private void forward(NewsClassifier classifier, Buffered entry, RawNewsItem item, ClassifiedText result) {
    ScoredNewsItem scored = new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, item, classifier.id(),
        result.topic(), result.sentiment(), result.flags(), clock.instant(), result.chunks(), result.entities());
    metrics.scored(result.sentiment().label().label());
    metrics.chunks(result.chunks());
    result.flags().forEach(metrics::flagged);
    context.forward(new Record<>(entry.key(), ScoringOutcome.of(scored), entry.timestamp()));
  }

  /** The text scored: the headline and the summary or body, aggregated by the classifier, and the entities. */
  static NewsText textOf(RawNewsItem item) {
    return new NewsText(item.title(), item.summary(), item.entities());
  }

  private void deadLetter(Buffered entry, String reason) {
    DeadLetter letter = DeadLetter.of(ScoringMetrics.STAGE, entry.topic(), entry.partition(), entry.offset(),
        entry.key(), reason, entry.payload(), clock.instant());
    metrics.deadLetter();
    context.forward(new Record<>(entry.key(), ScoringOutcome.of(letter), entry.timestamp()));
  }
}
