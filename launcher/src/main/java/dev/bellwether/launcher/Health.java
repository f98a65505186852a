package dev.bellwether.launcher;

import java.util.Map;

/**
 * Liveness and readiness of a running pipeline, served at {@code /health/live} and {@code /health/ready}.
 *
 * @param live false when a component has failed for good (a Streams application in ERROR)
 * @param ready true when every component is running (no Streams application rebalancing or starting)
 * @param components state of each component by name, e.g. {@code classifier -> RUNNING}
 */
record Health(boolean live, boolean ready, Map<String, String> components) {

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
