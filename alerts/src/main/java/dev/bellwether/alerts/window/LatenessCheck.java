package dev.bellwether.alerts.window;

import dev.bellwether.config.WindowConfig;
import dev.bellwether.event.ScoredNewsItem;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Marks items that came after all of their hopping windows closed, so that they can be routed to
 * the late topic instead of being dropped without a trace by the windowed aggregation.
 *
 * <p>It uses the rule of Kafka's window aggregation: a window ending at {@code end} still takes
 * records while {@code end > streamTime - grace}. The latest window of an item at {@code ts}
 * starts at the last multiple of the advance not after {@code ts}, so the item is late exactly
 * when that window is closed.
 */
public final class LatenessCheck implements FixedKeyProcessor<String, ScoredNewsItem, Arrival> {

  private final long sizeMs;
  private final long advanceMs;
  private final long graceMs;
  private final Counter lateItems;
  private FixedKeyProcessorContext<String, Arrival> context;

  /** A check against the windows of {@code window}, counting late items in {@code lateItems}. */
  public LatenessCheck(WindowConfig window, Counter lateItems) {
    this.sizeMs = window.size().toMillis();
    this.advanceMs = window.advance().toMillis();
    this.graceMs = window.grace().toMillis();
    this.lateItems = lateItems;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Arrival> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, ScoredNewsItem> record) {
    boolean late = isLate(record.timestamp(), context.currentStreamTimeMs());
    if (late) {
      lateItems.increment();
    }
    context.forward(record.withValue(new Arrival(record.value(), late)));
  }

  /** Whether an item at {@code timestamp} misses every window when the stream time is {@code streamTime}. */
  boolean isLate(long timestamp, long streamTime) {
    long latestStart = timestamp - Math.floorMod(timestamp, advanceMs);
    long latestEnd = latestStart + sizeMs;
    return latestEnd <= streamTime - graceMs;
  }
}
