package dev.bellwether.alerts.window;

import dev.bellwether.event.WindowStats;
import java.time.Instant;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns one closed window's accumulator into the {@link WindowStats} of its scope, keyed by the
 * scope key and stamped with the window end, so that everything downstream runs on window time;
 * each closed window also becomes its scope's value in the {@link SentimentGauges}.
 */
public final class WindowClose implements Processor<Windowed<String>, WindowAccumulator, String, WindowStats> {

  private final SentimentGauges gauges;
  private ProcessorContext<String, WindowStats> context;

  /** A processor that reports each closed window to {@code gauges}. */
  public WindowClose(SentimentGauges gauges) {
    this.gauges = gauges;
  }

  @Override
  public void init(ProcessorContext<String, WindowStats> context) {
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
    gauges.record(stats);
    context.forward(new Record<>(window.key(), stats, end.toEpochMilli(), record.headers()));
  }
}
