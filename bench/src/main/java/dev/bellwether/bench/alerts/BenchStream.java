package dev.bellwether.bench.alerts;

import dev.bellwether.alerts.window.ScopeFanOut;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.Scope;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded synthetic day (or more) of scored news for the alert-quality bench: Poisson arrivals
 * with a diurnal volume curve over 8 entities and 5 topics, a negative share that differs by
 * scope, syndicated copies, injected negative spikes of known scope, size and time, and two kinds
 * of distractor that must not alert: volume surges at the usual share and many syndicated copies
 * of one negative story.
 *
 * <p>A spike changes the sentiment of the scope's items, not their number: the negative share
 * is multiplied by the spike's factor (capped at {@link #MAX_SHARE}) at unchanged volume, so the
 * spike is measured apart from the volume surges the rule must ignore. The generator knows
 * nothing of the rule's thresholds.
 */
final class BenchStream {

  static final ModelId MODEL = new ModelId("bench-model", "1", "0".repeat(64));
  static final List<String> ENTITIES = List.of("ACME", "GLOBEX", "INITECH", "UMBRELLA", "HOOLI", "STARK", "WAYNE", "TYRELL");
  static final List<Double> ENTITY_SHARES = List.of(0.08, 0.10, 0.12, 0.15, 0.18, 0.20, 0.12, 0.25);
  static final List<String> TOPICS = List.of("Earnings", "Macro", "Markets", "M&A", "Regulation");
  static final List<Double> TOPIC_SHARES = List.of(0.15, 0.20, 0.12, 0.08, 0.22);
  /** Items per minute at the daily peak, over the whole market. */
  static final double PEAK_PER_MINUTE = 30.0;
  static final double ENTITY_PROBABILITY = 0.6;
  static final double SYNDICATED_PROBABILITY = 0.1;
  /** Highest negative share a spike can reach: some neutral coverage always remains. */
  static final double MAX_SHARE = 0.9;
  static final int[] FACTORS = {2, 3, 5};

  /** The generated stream. */
  record Generated(List<ScoredNewsItem> items, List<InjectedSpike> spikes, List<String> scopes, int distractors) {}

  private record Surge(String scope, Instant start, Instant end) {}

  private final Random random;
  private int sequence;

  BenchStream(long seed) {
    this.random = new Random(seed);
  }

  /** All scopes the bench measures: the entities, the topics and the market. */
  static List<String> scopes() {
    List<String> scopes = new ArrayList<>();
    ENTITIES.forEach(e -> scopes.add(Scope.entity(e).key()));
    TOPICS.forEach(t -> scopes.add(Scope.topic(t).key()));
    scopes.add(Scope.MARKET.key());
    return List.copyOf(scopes);
  }

  /**
   * {@code hours} of news from {@code from}. Spikes (1.5 per hour, sizes in turn 2x, 3x, 5x,
   * 10 to 30 minutes, scopes alternating entity and topic) start after a one-hour warm-up, evenly
   * spaced; a distractor sits half-way between each pair of spikes.
   */
  Generated generate(Instant from, Duration hours) {
    Instant end = from.plus(hours);
    Instant first = from.plus(Duration.ofHours(1));
    int count = Math.max(3, (int) Math.round(1.5 * hours.toMinutes() / 60.0));
    long spacingMs = Duration.between(first, end.minus(Duration.ofMinutes(45))).toMillis() / count;
    List<InjectedSpike> planned = new ArrayList<>();
    List<Surge> surges = new ArrayList<>();
    List<Instant> syndications = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant start = first.plusMillis(i * spacingMs);
      String scope = i % 2 == 0
          ? Scope.entity(ENTITIES.get(random.nextInt(ENTITIES.size()))).key()
          : Scope.topic(TOPICS.get(random.nextInt(TOPICS.size()))).key();
      Duration length = Duration.ofMinutes(10 + random.nextInt(21));
      planned.add(new InjectedSpike(scope, FACTORS[i % FACTORS.length], start, start.plus(length), new HashSet<>(), new OracleEvidence()));
      Instant between = start.plusMillis(spacingMs / 2);
      if (i % 2 == 0) {
        String surged = i % 4 == 0
            ? Scope.topic(TOPICS.get(random.nextInt(TOPICS.size()))).key()
            : Scope.entity(ENTITIES.get(random.nextInt(ENTITIES.size()))).key();
        surges.add(new Surge(surged, between, between.plus(Duration.ofMinutes(20))));
      } else {
        syndications.add(between);
      }
    }

    List<ScoredNewsItem> items = new ArrayList<>();
    List<ScoredNewsItem> recent = new ArrayList<>();
    for (Instant minute = from; minute.isBefore(end); minute = minute.plus(Duration.ofMinutes(1))) {
      for (Surge surge : surges) {
        if (!minute.isBefore(surge.start()) && minute.isBefore(surge.end())) {
          // Twice the scope's usual volume on top of it, at its usual share.
          int extra = poisson(2 * PEAK_PER_MINUTE * diurnal(minute) * shareOfVolume(surge.scope()));
          for (int k = 0; k < extra; k++) {
            items.add(background(at(minute), surge.scope(), planned));
          }
        }
      }
      int n = poisson(PEAK_PER_MINUTE * diurnal(minute));
      for (int k = 0; k < n; k++) {
        Instant at = at(minute);
        ScoredNewsItem item;
        if (!recent.isEmpty() && random.nextDouble() < SYNDICATED_PROBABILITY) {
          item = copyOf(recent.get(random.nextInt(recent.size())), at);
        } else {
          item = background(at, null, planned);
        }
        items.add(item);
        recent.add(item);
        if (recent.size() > 30) {
          recent.remove(0);
        }
      }
    }
    for (Instant start : syndications) {
      String ticker = ENTITIES.get(random.nextInt(ENTITIES.size()));
      ScoredNewsItem story = item(start, TOPICS.get(random.nextInt(TOPICS.size())), List.of(ticker), Sentiment.NEGATIVE, null);
      items.add(story);
      for (int i = 1; i < 40; i++) {
        items.add(copyOf(story, start.plusMillis(Duration.ofMinutes(10).toMillis() * i / 40)));
      }
    }
    items.sort(Comparator.comparing((ScoredNewsItem s) -> s.item().publishedAt()));
    List<InjectedSpike> spikes = planned.stream()
        .map(s -> new InjectedSpike(s.scope(), s.factor(), s.start(), s.end(), Set.copyOf(s.touched()), s.evidence()))
        .toList();
    return new Generated(List.copyOf(items), spikes, scopes(), surges.size() + syndications.size());
  }

  /** Volume multiplier at {@code t}: 0.35 at 04:00 UTC rising to 1.0 at 16:00. */
  static double diurnal(Instant t) {
    double hour = (t.getEpochSecond() % 86_400) / 3600.0;
    return 0.35 + 0.65 * (0.5 - 0.5 * Math.cos(2 * Math.PI * (hour - 4) / 24));
  }

  /** The usual fraction of all items that count in {@code scope}. */
  private static double shareOfVolume(String scope) {
    return scope.startsWith("entity:") ? ENTITY_PROBABILITY / ENTITIES.size() : 1.0 / TOPICS.size();
  }

  /** A new story, in {@code scope} when given, negative at its usual share or a spike's. */
  private ScoredNewsItem background(Instant at, String scope, List<InjectedSpike> spikes) {
    String topic = TOPICS.get(random.nextInt(TOPICS.size()));
    List<String> entities = random.nextDouble() < ENTITY_PROBABILITY
        ? List.of(ENTITIES.get(random.nextInt(ENTITIES.size())))
        : List.of();
    if (scope != null && scope.startsWith("topic:")) {
      topic = scope.substring("topic:".length());
    } else if (scope != null) {
      entities = List.of(scope.substring("entity:".length()));
    }
    double share = entities.isEmpty() ? TOPIC_SHARES.get(TOPICS.indexOf(topic)) : ENTITY_SHARES.get(ENTITIES.indexOf(entities.get(0)));
    String topicKey = Scope.topic(topic).key();
    String entityKey = entities.isEmpty() ? null : Scope.entity(entities.get(0)).key();
    InjectedSpike active = null;
    double usual = share;
    for (InjectedSpike spike : spikes) {
      boolean covers = spike.scope().equals(topicKey) || spike.scope().equals(entityKey);
      if (covers && !at.isBefore(spike.start()) && at.isBefore(spike.end())) {
        active = spike;
        share = Math.min(MAX_SHARE, share * spike.factor());
      }
    }
    Sentiment label = sentiment(share);
    ScoredNewsItem item = item(at, topic, entities, label, null);
    if (active != null) {
      active.evidence().add(at, usual, share, label == Sentiment.NEGATIVE);
      for (Scope touched : ScopeFanOut.scopesOf(item)) {
        active.touched().add(touched.key());
      }
    }
    return item;
  }

  private Instant at(Instant minute) {
    return minute.plusMillis(random.nextInt(60_000));
  }

  private ScoredNewsItem copyOf(ScoredNewsItem original, Instant at) {
    RawNewsItem o = original.item();
    return item(at, original.topic().label(), o.entities(), original.sentiment().label(), o.storyId());
  }

  /** One scored item; a null {@code storyId} starts a new story. */
  private ScoredNewsItem item(Instant at, String topic, List<String> entities, Sentiment label, String storyId) {
    String id = "bench-" + (++sequence);
    String subject = entities.isEmpty() ? topic : entities.get(0);
    RawNewsItem raw = new RawNewsItem(
        RawNewsItem.SCHEMA_VERSION, id, storyId, storyId == null, "wire-" + (sequence % 3),
        "https://news.example/" + id, subject + " " + label.label() + " headline " + sequence, "", at,
        at.plusSeconds(5), entities, "en");
    return new ScoredNewsItem(
        ScoredNewsItem.SCHEMA_VERSION, raw, MODEL, new TopicPrediction(topic, 0.9, Map.of()), prediction(label),
        List.of(), at.plusSeconds(6));
  }

  private Sentiment sentiment(double negativeShare) {
    double u = random.nextDouble();
    if (u < negativeShare) {
      return Sentiment.NEGATIVE;
    }
    return u < negativeShare + (1 - negativeShare) / 2 ? Sentiment.NEUTRAL : Sentiment.POSITIVE;
  }

  private SentimentPrediction prediction(Sentiment label) {
    double confidence = 0.6 + 0.35 * random.nextDouble();
    double rest = (1 - confidence) / 2;
    return switch (label) {
      case NEGATIVE -> SentimentPrediction.fromProbabilities(confidence, rest, rest);
      case POSITIVE -> SentimentPrediction.fromProbabilities(rest, rest, confidence);
      default -> SentimentPrediction.fromProbabilities(rest, confidence, rest);
    };
  }

  /** A Poisson draw by Knuth's method; means here stay below 100, where it is exact and cheap. */
  private int poisson(double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int n = 0;
    while (product > limit) {
      product *= random.nextDouble();
      n++;
    }
    return n;
  }
}
