package dev.bellwether.alerts.time;

import dev.bellwether.config.WindowConfig;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.event.Scope;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Tick;
import dev.bellwether.alerts.window.ScopeFanOut;
import dev.bellwether.kafka.Decoded;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Ticks;
import io.micrometer.core.instrument.Counter;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The first step of the alerting stage, on each partition of {@code news.scored}: decodes each
 * record, sends a copy of each scored item to every scope it counts in, and tells every partition
 * of the by-scope stream how far this partition has got on each timeline, so that their windows
 * close on the least progress of all partitions rather than on whichever partition ran ahead.
 *
 * <p>A partition's time on a timeline is the latest publication time among its items and ticks.
 * It is broadcast whenever it crosses a point where some window may close (a window end plus the
 * grace period), and at a timeline's end: often enough that no window waits longer than needed,
 * rarely enough that a backlog adds a few ticks per window advance.
 */
public final class FanOut implements Processor<String, byte[], String, FanOut.Output> {

  /** The stage name in dead letters. */
  public static final String STAGE = "alerts";

  /**
   * What one record became: a by-scope event, or a dead letter. Exactly one is set.
   *
   * @param event the event for the by-scope stream
   * @param deadLetter the refused record
   */
  public record Output(ScopeEvent event, DeadLetter deadLetter) {}

  private final JsonCodec<ScoredNewsItem> codec = new JsonCodec<>(ScoredNewsItem.class);
  private final Map<Scope.Kind, WindowConfig> windows;
  private final ScopeFanOut scopes;
  private final Counter deadLetters;
  /** Per timeline: the latest time of this partition, and the latest time broadcast. */
  private final Map<String, long[]> times = new HashMap<>();
  private ProcessorContext<String, Output> context;

  /**
   * A fan-out to the scopes {@code scopes} gives each item, windowed as {@code window} says, counting
   * refused records in {@code deadLetters}.
   */
  public FanOut(WindowConfig window, ScopeFanOut scopes, Counter deadLetters) {
    this.windows = window.kinds();
    this.scopes = scopes;
    this.deadLetters = deadLetters;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    int source = context.recordMetadata().map(RecordMetadata::partition).orElse(0);
    if (Ticks.isTick(record.headers())) {
      Decoded<Tick> tick = Decoded.of(Ticks.codec(), record.value());
      if (!tick.ok()) {
        deadLetter(record, "unreadable tick: " + tick.error());
        return;
      }
      advance(tick.value().timeline(), tick.value().time().toEpochMilli(), tick.value().end(), source, record);
      return;
    }
    Decoded<ScoredNewsItem> decoded = Decoded.of(codec, record.value());
    if (!decoded.ok()) {
      deadLetter(record, decoded.error());
      return;
    }
    ScoredNewsItem scored = decoded.value();
    for (Scope scope : scopes.scopesOf(scored)) {
      context.forward(new Record<>(scope.key(), new Output(ScopeEvent.of(scored, source), null), record.timestamp()));
    }
    advance(scored.item().timeline(), scored.item().publishedAt().toEpochMilli(), false, source, record);
  }

  /** Moves this partition's time on {@code timeline} and broadcasts it when a window may close. */
  private void advance(String timeline, long time, boolean end, int source, Record<String, byte[]> record) {
    long[] t = times.computeIfAbsent(timeline, k -> new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
    t[0] = Math.max(t[0], time);
    if (end || t[1] == Long.MIN_VALUE || closes(windows.values(), t[1], t[0])) {
      t[1] = t[0];
      Tick tick = end ? Tick.end(timeline, Instant.ofEpochMilli(t[0]), source) : Tick.at(timeline,
          Instant.ofEpochMilli(t[0]), source);
      context.forward(new Record<>(Ticks.KEY, new Output(ScopeEvent.of(tick, source), null), record.timestamp()));
      if (end) {
        times.remove(timeline);
      }
    }
  }

  /**
   * Whether event time moving from {@code from} to {@code to} passes a window end plus grace of
   * some of {@code windows}: the only moves after which a window may close.
   */
  public static boolean closes(Collection<WindowConfig> windows, long from, long to) {
    if (to <= from) {
      return false;
    }
    for (WindowConfig w : windows) {
      long advance = w.advance().toMillis();
      long grace = w.grace().toMillis();
      if (Math.floorDiv(to - grace, advance) > Math.floorDiv(from - grace, advance)) {
        return true;
      }
    }
    return false;
  }

  private void deadLetter(Record<String, byte[]> record, String reason) {
    RecordMetadata source = context.recordMetadata().orElse(null);
    DeadLetter letter = DeadLetter.of(STAGE, source == null ? "" : source.topic(), source == null ? -1 : source.partition(),
        source == null ? -1L : source.offset(), record.key(), reason, record.value(),
        Instant.ofEpochMilli(context.currentSystemTimeMs()));
    deadLetters.increment();
    context.forward(new Record<>(record.key(), new Output(null, letter), record.timestamp()));
  }
}
