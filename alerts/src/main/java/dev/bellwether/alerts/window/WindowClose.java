package dev.bellwether.alerts.window;

import dev.bellwether.event.WindowStats;
import java.time.Instant;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns one closed window's accumulator into the {@link WindowStats} of its scope, keyed by the
 * scope key and stamped with the window end, so that everything downstream runs on window time.
 */
public final class WindowClose implements Processor<Windowed<String>, WindowAccumulator, String, WindowStats> {

  private ProcessorContext<String, WindowStats> context;

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
    context.forward(new Record<>(window.key(), stats, end.toEpochMilli(), record.headers()));
  }
}
