package dev.bellwether.alerts;

import dev.bellwether.alerts.spike.ScopeState;
import dev.bellwether.alerts.time.ScopeEvent;
import dev.bellwether.alerts.time.TimelineClock;
import dev.bellwether.alerts.window.StoreBins;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.WindowStats;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The {@link AlertEngine} of one partition of the by-scope stream inside Kafka Streams: its bins,
 * detector states and timeline clocks live in changelogged stores, so they move with the
 * partition and survive a crash with exactly-once; its results are forwarded in the order they
 * arise, each as an {@link Output}.
 */
final class AlertingProcessor implements Processor<String, ScopeEvent, String, AlertingProcessor.Output> {

  /**
   * One result: a closed window, an alert revision or a late item. Exactly one is set.
   *
   * @param window a closed window
   * @param alert an alert revision
   * @param late a late item's scope copy
   */
  record Output(WindowStats window, Alert alert, ScoredNewsItem late) {}

  private final AlertsConfig config;
  private final int sources;
  private final AlertingMeters meters;
  private final String binStore;
  private final String stateStore;
  private final String clockStore;
  private AlertEngine engine;
  private long timestamp;

  AlertingProcessor(AlertsConfig config, int sources, AlertingMeters meters, String binStore, String stateStore,
      String clockStore) {
    this.config = config;
    this.sources = sources;
    this.meters = meters;
    this.binStore = binStore;
    this.stateStore = stateStore;
    this.clockStore = clockStore;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    KeyValueStore<Bytes, byte[]> bins = context.getStateStore(binStore);
    KeyValueStore<String, ScopeState> states = context.getStateStore(stateStore);
    KeyValueStore<String, TimelineClock> clocks = context.getStateStore(clockStore);
    AlertEngine.Sink sink = new AlertEngine.Sink() {
      @Override
      public void window(String scope, WindowStats stats) {
        context.forward(new Record<>(scope, new Output(stats, null, null), timestamp));
      }

      @Override
      public void alert(Alert alert) {
        context.forward(new Record<>(alert.id(), new Output(null, alert, null), timestamp));
      }

      @Override
      public void late(String scope, ScoredNewsItem item) {
        context.forward(new Record<>(scope, new Output(null, null, item), timestamp));
      }
    };
    AlertEngine.ScopeStates scopeStates = new AlertEngine.ScopeStates() {
      @Override
      public ScopeState get(String key) {
        return states.get(key);
      }

      @Override
      public void put(String key, ScopeState state) {
        states.put(key, state);
      }

      @Override
      public void deletePrefix(String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ScopeState> it = states.prefixScan(prefix, new StringSerializer())) {
          while (it.hasNext()) {
            KeyValue<String, ScopeState> kv = it.next();
            keys.add(kv.key);
          }
        }
        keys.forEach(states::delete);
      }
    };
    engine = new AlertEngine(config, sources, new StoreBins(bins), scopeStates,
        AlertEngine.Clocks.of(clocks::get, clocks::put), sink, meters);
  }

  @Override
  public void process(Record<String, ScopeEvent> record) {
    if (record.value() == null) {
      return;
    }
    timestamp = record.timestamp();
    engine.accept(record.key(), record.value());
  }
}
