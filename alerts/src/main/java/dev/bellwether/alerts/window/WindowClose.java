package dev.bellwether.alerts.window;

import dev.bellwether.event.WindowStats;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns one closed window's accumulator into the {@link ClosedWindow} of its scope (its
 * {@link WindowStats} and the stories its last advance added), keyed by the scope key and stamped
 * with the window end, so that everything downstream runs on window time; each closed window also
 * becomes its scope's value in the {@link SentimentGauges}.
 */
public final class WindowClose implements Processor<Windowed<String>, WindowAccumulator, String, ClosedWindow> {

  private final SentimentGauges gauges;
  private final Duration advance;
  private ProcessorContext<String, ClosedWindow> context;

  /** A processor for windows hopping by {@code advance} that reports each closed window to {@code gauges}. */
  public WindowClose(SentimentGauges gauges, Duration advance) {
    this.gauges = gauges;
    this.advance = advance;
  }

  @Override
  public void init(ProcessorContext<String, ClosedWindow> context) {
    this.context = context;
  }

  @Override
  public void process(Record<Windowed<String>, WindowAccumulator> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    Windowed<String> window = record.key();
    Instant start = window.window().startTime();
    Instant end = window.window().endTime();
    WindowStats stats = record.value().toStats(window.key(), start, end);
    long[] fresh = record.value().newSince(end.minus(advance));
    gauges.record(stats);
    context.forward(new Record<>(
        window.key(), new ClosedWindow(stats, fresh[0], fresh[1]), end.toEpochMilli(), record.headers()));
  }
}
