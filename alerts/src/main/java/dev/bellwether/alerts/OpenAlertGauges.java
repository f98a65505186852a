package dev.bellwether.alerts;

import dev.bellwether.event.Alert;
import dev.bellwether.event.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gauge {@code bellwether.alerts.open{kind, scope, severity}}: 1 for each live alert that fires
 * now, so that dashboards can say which scopes alert and annotate them. Its series are bounded by
 * what fires at once: past {@link #MAX_SERIES} open alerts the rest are counted in one series per
 * kind with {@code scope="_other"}. An instance reports the alerts of the scopes it processes.
 */
final class OpenAlertGauges {

  /** Most scopes with a series of their own. */
  static final int MAX_SERIES = 100;

  /** The scope label of the series that counts open alerts beyond {@link #MAX_SERIES}. */
  static final String OTHER = "_other";

  private final MultiGauge open;
  private final Map<String, Alert.Severity> firing = new TreeMap<>();

  OpenAlertGauges(MeterRegistry registry) {
    this.open = MultiGauge.builder("bellwether.alerts.open")
        .description("Live alerts firing now, by scope kind, scope and severity (1 each); past 100, scope=_other"
            + " counts the rest of a kind")
        .register(registry);
  }

  /** Takes a revision: a firing live alert is open at its severity until its resolution. */
  synchronized void observe(Alert alert) {
    if (!alert.live()) {
      return;
    }
    Alert.Severity before = alert.status() == Alert.Status.FIRING
        ? firing.put(alert.scope(), alert.severity())
        : firing.remove(alert.scope());
    if (before != (alert.status() == Alert.Status.FIRING ? alert.severity() : null)) {
      refresh();
    }
  }

  private void refresh() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    Map<String, Integer> other = new TreeMap<>();
    int n = 0;
    for (Map.Entry<String, Alert.Severity> e : firing.entrySet()) {
      Scope scope = Scope.parse(e.getKey());
      String kind = scope.kind().name().toLowerCase(Locale.ROOT);
      String severity = e.getValue().name().toLowerCase(Locale.ROOT);
      if (n++ < MAX_SERIES) {
        rows.add(MultiGauge.Row.of(Tags.of("kind", kind, "scope", scope.name(), "severity", severity), 1));
      } else {
        other.merge(kind + "\n" + severity, 1, Integer::sum);
      }
    }
    other.forEach((key, count) -> {
      String[] parts = key.split("\n");
      rows.add(MultiGauge.Row.of(Tags.of("kind", parts[0], "scope", OTHER, "severity", parts[1]), count));
    });
    open.register(rows, true);
  }
}
