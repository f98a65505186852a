package dev.bellwether.alerts;

import dev.bellwether.alerts.window.SentimentGauges;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.config.WindowConfig;
import dev.bellwether.event.Alert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The meters of the alerting stage, registered once per topology or run. */
public final class AlertingMeters {

  final SentimentGauges gauges;
  final Counter deadLetters;
  final Counter lateItems;
  final Map<Alert.Severity, Counter> fired = new EnumMap<>(Alert.Severity.class);
  final Counter resolved;
  final Counter historyWindows;
  final OpenAlertGauges open;

  /** Registers the meters of {@code config}'s alerting in {@code registry}. */
  public AlertingMeters(MeterRegistry registry, AlertsConfig config) {
    this(registry, SentimentGauges.register(registry, config.gaugeTopEntities(), config.gaugeMinStories(),
        config.window()));
  }

  /** Registers the meters in {@code registry}, with gauges for at most {@code topEntities} entities. */
  public AlertingMeters(MeterRegistry registry, int topEntities) {
    this(registry, SentimentGauges.register(registry, topEntities, 1,
        new WindowConfig(Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ZERO)));
  }

  private AlertingMeters(MeterRegistry registry, SentimentGauges gauges) {
    this.gauges = gauges;
    this.open = new OpenAlertGauges(registry);
    this.deadLetters = Counter.builder("bellwether.deadletter.records")
        .description("Records a stage could not process, sent to the dead-letter topic")
        .baseUnit("records")
        .tag("stage", dev.bellwether.alerts.time.FanOut.STAGE)
        .register(registry);
    this.lateItems = Counter.builder("bellwether.alerts.late.items")
        .description("Scope copies of scored items that came after all their windows closed")
        .baseUnit("items")
        .register(registry);
    for (Alert.Severity severity : Alert.Severity.values()) {
      fired.put(severity, Counter.builder("bellwether.alerts.fired")
          .description("Alert episodes started, by their first severity")
          .tag("severity", severity.name().toLowerCase(Locale.ROOT))
          .register(registry));
    }
    this.resolved = Counter.builder("bellwether.alerts.resolved")
        .description("Alert episodes that resolved after enough quiet windows")
        .register(registry);
    this.historyWindows = Counter.builder("bellwether.alerts.history.windows")
        .description("Windows closed on imported (backfilled) timelines: history, kept out of the sentiment gauges")
        .baseUnit("windows")
        .register(registry);
  }

  /**
   * Counts one alert revision the engine published: an episode fired or resolved; and, for live
   * alerts, which scopes are open ({@code bellwether.alerts.open}) and which entities keep their
   * sentiment gauges while they alert.
   */
  void observe(Alert alert) {
    if (alert.revision() == 1) {
      fired.get(alert.severity()).increment();
    }
    if (alert.status() == Alert.Status.RESOLVED) {
      resolved.increment();
    }
    open.observe(alert);
    gauges.alert(alert);
  }
}
