package dev.bellwether.launcher;

import dev.bellwether.alerts.notify.Notifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Liveness and readiness of a running pipeline, served at {@code /health/live} and {@code /health/ready}.
 *
 * @param live false when a component has failed for good (a Streams application in ERROR)
 * @param ready true when every component is running (no Streams application rebalancing or starting)
 * @param components state of each component by name, e.g. {@code classifier -> RUNNING}
 */
record Health(boolean live, boolean ready, Map<String, String> components) {

  /**
   * The health of a pipeline in phase {@code pipeline} ({@code STARTING}, {@code STARTED} or
   * {@code STOPPED}): not ready unless {@code running}, every Streams application is RUNNING and
   * the notifier (null when not started here) is RUNNING; not live when a Streams application is
   * in ERROR or PENDING_ERROR or the notifier has stopped while the pipeline runs. A rebalance
   * makes an instance unready, never dead, so an orchestrator waits instead of restarting it.
   */
  static Health assess(
      String pipeline, boolean running, Map<String, KafkaStreams.State> streams, Notifier.State notifier) {
    Map<String, String> states = new LinkedHashMap<>();
    boolean live = true;
    boolean ready = running;
    states.put("pipeline", pipeline);
    for (Map.Entry<String, KafkaStreams.State> e : streams.entrySet()) {
      KafkaStreams.State state = e.getValue();
      states.put(e.getKey(), state.name());
      if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
        live = false;
      }
      if (state != KafkaStreams.State.RUNNING) {
        ready = false;
      }
    }
    if (notifier != null) {
      states.put("notifier", notifier.name());
      if (notifier == Notifier.State.STOPPED && running) {
        live = false;
      }
      if (notifier != Notifier.State.RUNNING) {
        ready = false;
      }
    }
    return new Health(live, ready && live, states);
  }

  /** The health as a small JSON object. */
  String toJson() {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"live\":").append(live).append(",\"ready\":").append(ready).append(",\"components\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : components.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
    }
    return sb.append("}}").toString();
  }
}
