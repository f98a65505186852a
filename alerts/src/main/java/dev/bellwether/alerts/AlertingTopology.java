package dev.bellwether.alerts;

import dev.bellwether.alerts.incident.IncidentBook;
import dev.bellwether.alerts.incident.IncidentProcessor;
import dev.bellwether.alerts.spike.ScopeState;
import dev.bellwether.alerts.time.BroadcastTicks;
import dev.bellwether.alerts.time.FanOut;
import dev.bellwether.alerts.time.ScopeEvent;
import dev.bellwether.alerts.time.TimelineClock;
import dev.bellwether.alerts.window.ScopeFanOut;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.kafka.JsonSerde;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The alerting topology: scored items, fanned out to their scopes, aggregated in hopping
 * event-time windows that close on each timeline's watermark, and each closed window measured
 * against its scope's baseline to raise, update and resolve negative-spike alerts.
 *
 * <pre>
 * news.scored ─ fan out ─┬─ unreadable ────────────────────────────────────────────> news.dlq
 *   (items, ticks)       └─ scope copies, ticks to every partition ─> alerts-by-scope-repartition
 *                              ─ alerting (bins, clocks, baselines) ─┬─> sentiment.windows
 *                                                                    ├─> alerts-by-timeline-repartition
 *                                                                    │     ─ incidents (evidence, grouping) ─┬─> alerts
 *                                                                    │                                       └─> incidents
 *                                                                    └─> sentiment.late
 * </pre>
 *
 * <p>Alert revisions go through one more step before they are published: repartitioned by
 * timeline onto one partition, so that the alerts of every scope meet, each gets its episode's
 * evidence (first, peak and latest revision) and its incident attached, and the incident's
 * revision goes to {@code incidents} (see {@link IncidentProcessor}).
 *
 * <p>Record timestamps are the brokers' append times; event time is each item's publication time,
 * and a window closes when every source partition has passed its end plus grace on the item's
 * timeline (see {@link AlertEngine}), not when the newest record seen has.
 */
public final class AlertingTopology {

  /** Prefix of every processor, store and internal topic name. */
  static final String PREFIX = "alerts-";

  static final String SOURCE = PREFIX + "scored-source";
  static final String FAN_OUT = PREFIX + "fan-out";
  static final String SPLIT_FANNED = PREFIX + "fanned";
  static final String BRANCH_OK = "-ok";
  static final String BRANCH_BAD = "-bad";
  static final String DEAD_LETTER = PREFIX + "dead-letter";
  static final String DEAD_LETTER_SINK = PREFIX + "dead-letter-sink";
  static final String EVENTS = PREFIX + "events";
  /** The one repartition topic: {@code <application.id>-alerts-by-scope-repartition}. */
  static final String BY_SCOPE = PREFIX + "by-scope";
  static final String ALERTING = PREFIX + "alerting";
  static final String SPLIT_RESULTS = PREFIX + "results";
  static final String BRANCH_WINDOW = "-window";
  static final String BRANCH_ALERT = "-alert";
  static final String BRANCH_LATE = "-late";
  static final String WINDOW_STATS = PREFIX + "window-stats";
  static final String WINDOWS_SINK = PREFIX + "windows-sink";
  static final String ALERT = PREFIX + "alert";
  /** The repartition topic of alerts by timeline: {@code <application.id>-alerts-by-timeline-repartition}. */
  static final String BY_TIMELINE = PREFIX + "by-timeline";
  static final String BY_TIMELINE_KEY = PREFIX + "timeline-key";
  static final String INCIDENTS = PREFIX + "incidents";
  static final String SPLIT_INCIDENTS = PREFIX + "incident-results";
  static final String BRANCH_INCIDENT = "-incident";
  static final String INCIDENT = PREFIX + "incident";
  static final String INCIDENTS_SINK = PREFIX + "incidents-sink";
  static final String STAMPED_ALERT = PREFIX + "stamped-alert";
  static final String ALERTS_SINK = PREFIX + "alerts-sink";
  static final String LATE_ITEM = PREFIX + "late-item";
  static final String LATE_SINK = PREFIX + "late-sink";

  /** The key-value store of the per-advance bins that windows are merged from. */
  public static final String BIN_STORE = PREFIX + "bin-store";
  /** The key-value store of each scope's baseline and open episode. */
  public static final String BASELINE_STORE = PREFIX + "baseline-store";
  /** The key-value store of each timeline's clock. */
  public static final String CLOCK_STORE = PREFIX + "clock-store";
  /** The key-value store of each timeline's open incidents and their alerts' evidence. */
  public static final String INCIDENT_STORE = PREFIX + "incident-store";

  private AlertingTopology() {}

  /** Builds the topology for a {@code news.scored} of one partition. */
  public static Topology build(AlertsConfig config, MeterRegistry registry) {
    return build(config, registry, 1);
  }

  /**
   * Builds the topology for {@code config}, registering its meters in {@code registry}.
   *
   * @param sources partitions of {@code news.scored}: every timeline's windows wait for all of them
   */
  public static Topology build(AlertsConfig config, MeterRegistry registry, int sources) {
    AlertingMeters meters = new AlertingMeters(registry, config);
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(BIN_STORE), Serdes.Bytes(), Serdes.ByteArray()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(BASELINE_STORE), Serdes.String(), new JsonSerde<>(ScopeState.class)));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CLOCK_STORE), Serdes.String(), new JsonSerde<>(TimelineClock.class)));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(INCIDENT_STORE), Serdes.String(), new JsonSerde<>(IncidentBook.class)));

    Map<String, KStream<String, FanOut.Output>> fanned =
        builder.stream(Topics.SCORED.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE))
            .process(() -> new FanOut(config.window(), ScopeFanOut.of(config), meters.deadLetters), Named.as(FAN_OUT))
            .split(Named.as(SPLIT_FANNED))
            .branch((key, out) -> out.event() != null, Branched.as(BRANCH_OK))
            .defaultBranch(Branched.as(BRANCH_BAD));

    fanned.get(SPLIT_FANNED + BRANCH_BAD)
        .mapValues(FanOut.Output::deadLetter, Named.as(DEAD_LETTER))
        .to(Topics.DEAD_LETTER.name(),
            Produced.with(Topics.DEAD_LETTER.keySerde(), Topics.DEAD_LETTER.valueSerde()).withName(DEAD_LETTER_SINK));

    Map<String, KStream<String, AlertingProcessor.Output>> results =
        fanned.get(SPLIT_FANNED + BRANCH_OK)
            .mapValues(FanOut.Output::event, Named.as(EVENTS))
            .repartition(Repartitioned.<String, ScopeEvent>with(Serdes.String(), new JsonSerde<>(ScopeEvent.class))
                .withStreamPartitioner(new BroadcastTicks())
                .withName(BY_SCOPE))
            .process(() -> new AlertingProcessor(config, sources, meters, BIN_STORE, BASELINE_STORE, CLOCK_STORE),
                Named.as(ALERTING), BIN_STORE, BASELINE_STORE, CLOCK_STORE)
            .split(Named.as(SPLIT_RESULTS))
            .branch((key, out) -> out.window() != null, Branched.as(BRANCH_WINDOW))
            .branch((key, out) -> out.alert() != null, Branched.as(BRANCH_ALERT))
            .defaultBranch(Branched.as(BRANCH_LATE));

    results.get(SPLIT_RESULTS + BRANCH_WINDOW)
        .mapValues(AlertingProcessor.Output::window, Named.as(WINDOW_STATS))
        .to(Topics.WINDOWS.name(),
            Produced.with(Topics.WINDOWS.keySerde(), Topics.WINDOWS.valueSerde()).withName(WINDOWS_SINK));
    Map<String, KStream<String, IncidentProcessor.Output>> incidents =
        results.get(SPLIT_RESULTS + BRANCH_ALERT)
            .mapValues(AlertingProcessor.Output::alert, Named.as(ALERT))
            .selectKey((id, alert) -> alert.timeline(), Named.as(BY_TIMELINE_KEY))
            .repartition(Repartitioned.<String, Alert>with(Serdes.String(), Topics.ALERTS.valueSerde())
                .withNumberOfPartitions(1)
                .withName(BY_TIMELINE))
            .process(() -> new IncidentProcessor(config.incidents(), config.topHeadlines(), INCIDENT_STORE, registry),
                Named.as(INCIDENTS), INCIDENT_STORE)
            .split(Named.as(SPLIT_INCIDENTS))
            .branch((key, out) -> out.incident() != null, Branched.as(BRANCH_INCIDENT))
            .defaultBranch(Branched.as(BRANCH_ALERT));
    incidents.get(SPLIT_INCIDENTS + BRANCH_INCIDENT)
        .mapValues(IncidentProcessor.Output::incident, Named.as(INCIDENT))
        .to(Topics.INCIDENTS.name(),
            Produced.with(Topics.INCIDENTS.keySerde(), Topics.INCIDENTS.valueSerde()).withName(INCIDENTS_SINK));
    incidents.get(SPLIT_INCIDENTS + BRANCH_ALERT)
        .mapValues(IncidentProcessor.Output::alert, Named.as(STAMPED_ALERT))
        .to(Topics.ALERTS.name(),
            Produced.with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde()).withName(ALERTS_SINK));
    results.get(SPLIT_RESULTS + BRANCH_LATE)
        .mapValues(AlertingProcessor.Output::late, Named.as(LATE_ITEM))
        .to(Topics.LATE.name(), Produced.with(Topics.LATE.keySerde(), Topics.LATE.valueSerde()).withName(LATE_SINK));

    return builder.build();
  }
}
