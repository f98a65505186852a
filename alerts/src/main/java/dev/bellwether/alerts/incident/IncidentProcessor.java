package dev.bellwether.alerts.incident;

import dev.bellwether.config.IncidentsConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Incident;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The {@link IncidentGrouping} inside Kafka Streams: alert revisions of every scope, keyed by their
 * timeline (one partition, so that every alert of a timeline meets the others), go in; each comes
 * out with its evidence and incident attached, keyed by alert id, followed by the incident's
 * revision, keyed by incident id. The books of open incidents live in a changelogged store, so they
 * survive a crash with exactly-once.
 *
 * <p>Counts {@code bellwether.alerts.incidents{status=opened|resolved}}.
 */
public final class IncidentProcessor implements Processor<String, Alert, String, IncidentProcessor.Output> {

  /**
   * One result: an alert revision with its incident, or an incident revision. Exactly one is set.
   *
   * @param alert the alert revision
   * @param incident the incident revision
   */
  public record Output(Alert alert, Incident incident) {}

  private final IncidentGrouping grouping;
  private final String storeName;
  private final Counter opened;
  private final Counter resolved;
  private KeyValueStore<String, IncidentBook> store;
  private ProcessorContext<String, Output> context;

  /** A processor grouping under {@code config}, its books in the store {@code storeName}. */
  public IncidentProcessor(IncidentsConfig config, int topHeadlines, String storeName, MeterRegistry registry) {
    this.grouping = new IncidentGrouping(config, topHeadlines);
    this.storeName = storeName;
    this.opened = counter(registry, "opened");
    this.resolved = counter(registry, "resolved");
  }

  private static Counter counter(MeterRegistry registry, String status) {
    return Counter.builder("bellwether.alerts.incidents")
        .description("Incidents (alerts of several scopes raised by one event) opened and resolved, live and history")
        .tag("status", status)
        .register(registry);
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Alert> record) {
    Alert alert = record.value();
    if (alert == null) {
      return;
    }
    String timeline = alert.timeline();
    IncidentGrouping.Outcome outcome = grouping.accept(store.get(timeline), alert);
    if (outcome.book().open().isEmpty()) {
      store.delete(timeline);
    } else {
      store.put(timeline, outcome.book());
    }
    Incident incident = outcome.incident();
    if (incident.revision() == 1) {
      opened.increment();
    }
    if (incident.status() == Alert.Status.RESOLVED) {
      resolved.increment();
    }
    context.forward(record.withKey(alert.id()).withValue(new Output(outcome.alert(), null)));
    context.forward(record.withKey(incident.id()).withValue(new Output(null, incident)));
  }
}
