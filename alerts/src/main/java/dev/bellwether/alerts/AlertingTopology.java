package dev.bellwether.alerts;

import dev.bellwether.alerts.spike.ScopeState;
import dev.bellwether.alerts.spike.SpikeDetector;
import dev.bellwether.alerts.spike.SpikeProcessor;
import dev.bellwether.alerts.window.Arrival;
import dev.bellwether.alerts.window.ClosedWindow;
import dev.bellwether.alerts.window.LatenessCheck;
import dev.bellwether.alerts.window.ScopeFanOut;
import dev.bellwether.alerts.window.SentimentGauges;
import dev.bellwether.alerts.window.WindowAccumulator;
import dev.bellwether.alerts.window.WindowAccumulatorSerde;
import dev.bellwether.alerts.window.WindowClose;
import dev.bellwether.config.AlertsConfig;
import dev.bellwether.config.WindowConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.Scope;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.kafka.Decoded;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.JsonSerde;
import dev.bellwether.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The alerting topology: scored items, fanned out to their scopes, aggregated in hopping
 * event-time windows, and each closed window measured against its scope's baseline to raise,
 * update and resolve negative-spike alerts.
 *
 * <pre>
 * news.scored ─decode─┬─ bad ──────────────────────────────────────────────> news.dlq
 *                     └─ fan out to scopes ─> alerts-by-scope-repartition ─ lateness ─┬─ late ──> sentiment.late
 *                                                                                      └─ windows ─ close ─┬─> sentiment.windows
 *                                                                                                          └─ spike ─> alerts
 * </pre>
 *
 * <p>A scope kind with windows of its own ({@code alerts.window.by-kind}) is split off after the
 * repartition into a lateness check and windows of its own, whose closed windows and late items
 * merge back before the sinks and the spike rule.
 */
public final class AlertingTopology {

  /** Prefix of every processor, store and internal topic name. */
  static final String PREFIX = "alerts-";

  static final String SOURCE = PREFIX + "scored-source";
  static final String DECODE = PREFIX + "decode";
  static final String SPLIT_DECODED = PREFIX + "decoded";
  static final String BRANCH_OK = "-ok";
  static final String BRANCH_BAD = "-bad";
  static final String DEAD_LETTER = PREFIX + "dead-letter";
  static final String DEAD_LETTER_SINK = PREFIX + "dead-letter-sink";
  static final String UNWRAP = PREFIX + "unwrap";
  static final String FAN_OUT = PREFIX + "fan-out-to-scopes";
  /** The one repartition topic: {@code <application.id>-alerts-by-scope-repartition}. */
  static final String BY_SCOPE = PREFIX + "by-scope";
  static final String SPLIT_KINDS = PREFIX + "by-kind";
  static final String GENERAL = "-general";
  static final String LATENESS = PREFIX + "lateness-check";
  static final String SPLIT_ARRIVALS = PREFIX + "arrivals";
  static final String BRANCH_LATE = "-late";
  static final String BRANCH_ON_TIME = "-on-time";
  static final String LATE_ITEM = PREFIX + "late-item";
  static final String LATE_MERGE = PREFIX + "late-merge";
  static final String LATE_SINK = PREFIX + "late-sink";
  static final String ON_TIME_ITEM = PREFIX + "on-time-item";
  static final String GROUP = PREFIX + "by-scope-group";
  static final String AGGREGATE = PREFIX + "window-aggregate";
  /**
   * The window store of the per-scope accumulators; a scope kind with windows of its own has its
   * own, named with the kind as suffix.
   */
  public static final String WINDOW_STORE = PREFIX + "window-store";
  static final String CLOSED = PREFIX + "closed-windows";
  static final String WINDOW_CLOSE = PREFIX + "window-close";
  static final String WINDOWS_MERGE = PREFIX + "windows-merge";
  static final String WINDOW_STATS = PREFIX + "window-stats";
  static final String WINDOWS_SINK = PREFIX + "windows-sink";
  static final String SPIKE = PREFIX + "spike-detector";
  /** The key-value store of each scope's baseline and open episode. */
  public static final String BASELINE_STORE = PREFIX + "baseline-store";
  static final String ALERTS_SINK = PREFIX + "alerts-sink";

  private AlertingTopology() {}

  /**
   * The late items and the closed windows of one set of scopes with the same windows.
   *
   * @param late scope copies of items that came after all their windows closed
   * @param closed closed windows
   * @param suffix suffix of the processor and store names ({@code ""} for the general windows)
   */
  private record Windows(KStream<String, ScoredNewsItem> late, KStream<String, ClosedWindow> closed, String suffix) {}

  /**
   * The lateness check and the windowed aggregation of {@code items} under {@code window}, their
   * processors and store named with {@code suffix}.
   */
  private static Windows windows(
      KStream<String, ScoredNewsItem> items, WindowConfig window, String suffix, int topHeadlines,
      SentimentGauges gauges, Counter lateItems) {
    Map<String, KStream<String, Arrival>> arrivals =
        items.processValues(() -> new LatenessCheck(window, lateItems), Named.as(LATENESS + suffix))
            .split(Named.as(SPLIT_ARRIVALS + suffix))
            .branch((scope, arrival) -> arrival.late(), Branched.as(BRANCH_LATE))
            .defaultBranch(Branched.as(BRANCH_ON_TIME));
    KStream<String, ScoredNewsItem> late =
        arrivals.get(SPLIT_ARRIVALS + suffix + BRANCH_LATE).mapValues(Arrival::item, Named.as(LATE_ITEM + suffix));

    // Emit on window close rather than suppress(untilWindowCloses): the window store itself is the
    // buffer and closed windows are read back from it in time order, whereas suppress would keep a
    // second, in-heap copy of every open window (size/advance = 15 per scope by default) and has
    // no bound short of failing or emitting early. Either way each window is emitted exactly once.
    KStream<String, ClosedWindow> closed =
        arrivals.get(SPLIT_ARRIVALS + suffix + BRANCH_ON_TIME)
            .mapValues(Arrival::item, Named.as(ON_TIME_ITEM + suffix))
            .groupByKey(Grouped.with(GROUP + suffix, Serdes.String(), Topics.SCORED.valueSerde()))
            .windowedBy(TimeWindows.ofSizeAndGrace(window.size(), window.grace()).advanceBy(window.advance()))
            .emitStrategy(EmitStrategy.onWindowClose())
            .aggregate(
                WindowAccumulator::empty,
                (scope, scored, accumulator) -> accumulator.add(scored, topHeadlines),
                Named.as(AGGREGATE + suffix),
                Materialized.<String, WindowAccumulator, WindowStore<Bytes, byte[]>>as(WINDOW_STORE + suffix)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(new WindowAccumulatorSerde()))
            .toStream(Named.as(CLOSED + suffix))
            .process(() -> new WindowClose(gauges, window.advance()), Named.as(WINDOW_CLOSE + suffix));
    return new Windows(late, closed, suffix);
  }

  /**
   * The window store of the scopes of {@code kind} under {@code window}: the general one, or, for
   * a kind with windows of its own, e.g. {@code alerts-window-store-entity}.
   */
  public static String windowStore(WindowConfig window, Scope.Kind kind) {
    boolean own = !window.forKind(kind).equals(new WindowConfig(window.size(), window.advance(), window.grace()));
    return own ? WINDOW_STORE + branchOf(kind) : WINDOW_STORE;
  }

  /** The suffix of the processors of {@code kind}: {@code -topic}, {@code -entity}, {@code -market}. */
  static String branchOf(Scope.Kind kind) {
    return "-" + kind.name().toLowerCase(Locale.ROOT);
  }

  private static Scope.Kind kindOf(String scopeKey) {
    return Scope.parse(scopeKey).kind();
  }

  /** Builds the topology for {@code config}, registering its meters in {@code registry}. */
  public static Topology build(AlertsConfig config, MeterRegistry registry) {
    WindowConfig window = config.window();
    JsonCodec<ScoredNewsItem> codec = new JsonCodec<>(ScoredNewsItem.class);
    JsonSerde<ScoredNewsItem> scoredSerde = Topics.SCORED.valueSerde();
    Counter deadLetters =
        Counter.builder("bellwether.deadletter.records")
            .description("Records a stage could not process, sent to the dead-letter topic")
            .baseUnit("records")
            .tag("stage", DeadLetters.STAGE)
            .register(registry);
    Counter lateItems =
        Counter.builder("bellwether.alerts.late.items")
            .description("Scope copies of scored items that came after all their windows closed")
            .baseUnit("items")
            .register(registry);

    SentimentGauges gauges = SentimentGauges.register(registry, config.gaugeTopEntities());

    StreamsBuilder builder = new StreamsBuilder();
    Map<String, KStream<String, Decoded<ScoredNewsItem>>> decoded =
        builder.stream(Topics.SCORED.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE))
            .mapValues(bytes -> Decoded.of(codec, bytes), Named.as(DECODE))
            .split(Named.as(SPLIT_DECODED))
            .branch((key, value) -> value.ok(), Branched.as(BRANCH_OK))
            .defaultBranch(Branched.as(BRANCH_BAD));

    decoded.get(SPLIT_DECODED + BRANCH_BAD)
        .processValues(() -> new DeadLetters(deadLetters), Named.as(DEAD_LETTER))
        .to(Topics.DEAD_LETTER.name(),
            Produced.with(Topics.DEAD_LETTER.keySerde(), Topics.DEAD_LETTER.valueSerde()).withName(DEAD_LETTER_SINK));

    KStream<String, ScoredNewsItem> byScope =
        decoded.get(SPLIT_DECODED + BRANCH_OK)
            .mapValues(Decoded::value, Named.as(UNWRAP))
            .flatMap((storyId, scored) -> ScopeFanOut.recordsOf(scored), Named.as(FAN_OUT))
            .repartition(Repartitioned.with(Serdes.String(), scoredSerde).withName(BY_SCOPE));

    // Kinds with windows of their own (alerts.window.by-kind) get a lateness check and a window
    // store of their own; all other kinds share the general ones, whose names do not change, so
    // giving one kind its own windows keeps the others' state. With the defaults there is one.
    List<Scope.Kind> ownWindows = new ArrayList<>();
    for (Scope.Kind kind : Scope.Kind.values()) {
      if (!window.forKind(kind).equals(new WindowConfig(window.size(), window.advance(), window.grace()))) {
        ownWindows.add(kind);
      }
    }
    Windows general;
    List<Windows> all = new ArrayList<>();
    if (ownWindows.isEmpty()) {
      general = windows(byScope, window, "", config.topHeadlines(), gauges, lateItems);
    } else {
      BranchedKStream<String, ScoredNewsItem> split = byScope.split(Named.as(SPLIT_KINDS));
      for (Scope.Kind kind : ownWindows) {
        split = split.branch((scope, scored) -> kindOf(scope) == kind, Branched.as(branchOf(kind)));
      }
      Map<String, KStream<String, ScoredNewsItem>> kinds = split.defaultBranch(Branched.as(GENERAL));
      for (Scope.Kind kind : ownWindows) {
        all.add(windows(kinds.get(SPLIT_KINDS + branchOf(kind)), window.forKind(kind), branchOf(kind),
            config.topHeadlines(), gauges, lateItems));
      }
      general = windows(kinds.get(SPLIT_KINDS + GENERAL), window, "", config.topHeadlines(), gauges, lateItems);
    }
    KStream<String, ScoredNewsItem> late = general.late();
    KStream<String, ClosedWindow> windows = general.closed();
    for (Windows own : all) {
      late = late.merge(own.late(), Named.as(LATE_MERGE + own.suffix()));
      windows = windows.merge(own.closed(), Named.as(WINDOWS_MERGE + own.suffix()));
    }

    late.to(Topics.LATE.name(), Produced.with(Topics.LATE.keySerde(), Topics.LATE.valueSerde()).withName(LATE_SINK));

    windows.mapValues(ClosedWindow::stats, Named.as(WINDOW_STATS)).to(Topics.WINDOWS.name(),
        Produced.with(Topics.WINDOWS.keySerde(), Topics.WINDOWS.valueSerde()).withName(WINDOWS_SINK));

    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(BASELINE_STORE), Serdes.String(), new JsonSerde<>(ScopeState.class)));
    SpikeDetector detector = new SpikeDetector(config.spike(), window);
    KStream<String, Alert> alerts =
        windows.process(() -> new SpikeProcessor(detector, BASELINE_STORE, registry), Named.as(SPIKE), BASELINE_STORE);
    alerts.to(Topics.ALERTS.name(),
        Produced.with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde()).withName(ALERTS_SINK));

    return builder.build();
  }
}
