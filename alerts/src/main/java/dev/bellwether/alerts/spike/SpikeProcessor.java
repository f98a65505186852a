package dev.bellwether.alerts.spike;

import dev.bellwether.event.Alert;
import dev.bellwether.alerts.window.ClosedWindow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the {@link SpikeDetector} on each scope's closed windows, keeping each scope's
 * {@link ScopeState} in a key-value store, and forwards the alert revisions keyed by alert id and
 * stamped with their window end.
 */
public final class SpikeProcessor implements Processor<String, ClosedWindow, String, Alert> {

  private final SpikeDetector detector;
  private final String storeName;
  private final Map<Alert.Severity, Counter> fired;
  private final Counter resolved;
  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, ScopeState> states;

  /** A processor using {@code detector} and the store {@code storeName}, counting in {@code registry}. */
  public SpikeProcessor(SpikeDetector detector, String storeName, MeterRegistry registry) {
    this.detector = detector;
    this.storeName = storeName;
    this.fired = new EnumMap<>(Alert.Severity.class);
    for (Alert.Severity severity : Alert.Severity.values()) {
      fired.put(severity, firedCounter(registry, severity));
    }
    this.resolved =
        Counter.builder("bellwether.alerts.resolved")
            .description("Alert episodes that resolved after enough quiet windows")
            .register(registry);
  }

  /** The counter of new episodes of {@code severity}. */
  static Counter firedCounter(MeterRegistry registry, Alert.Severity severity) {
    return Counter.builder("bellwether.alerts.fired")
        .description("Alert episodes started, by their first severity")
        .tag("severity", severity.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry);
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.states = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, ClosedWindow> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    SpikeDetector.Step step = detector.onWindow(states.get(record.key()), record.value());
    states.put(record.key(), step.state());
    for (Alert alert : step.alerts()) {
      if (alert.revision() == 1) {
        fired.get(alert.severity()).increment();
      }
      if (alert.status() == Alert.Status.RESOLVED) {
        resolved.increment();
      }
      context.forward(new Record<>(alert.id(), alert, alert.windowEnd().toEpochMilli()));
    }
  }
}
