package dev.bellwether.alerts;

import dev.bellwether.event.ModelId;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded synthetic scored news for the alerting tests: calm background news over several topics
 * and companies, with a share of syndicated copies, and bursts on demand.
 */
final class NewsGenerator {

  static final ModelId MODEL = new ModelId("test-model", "1", "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12");
  static final List<String> TOPICS = List.of("Earnings", "Macro", "Markets", "M&A");
  static final List<String> COMPANIES = List.of("ACME", "GLOBEX", "INITECH", "UMBRELLA");

  private final Random random;
  private int sequence;

  NewsGenerator(long seed) {
    this.random = new Random(seed);
  }

  /**
   * Calm news from {@code from} for {@code length}: Poisson arrivals at {@code perMinute}, 15%
   * negative, each item about one company with probability 0.7, and one item in ten a syndicated
   * copy of a recent story.
   */
  List<ScoredNewsItem> calm(Instant from, Duration length, double perMinute) {
    List<ScoredNewsItem> items = new ArrayList<>();
    List<ScoredNewsItem> recent = new ArrayList<>();
    Instant end = from.plus(length);
    Instant at = from.plusMillis(nextGapMs(perMinute));
    while (at.isBefore(end)) {
      ScoredNewsItem item;
      if (!recent.isEmpty() && random.nextDouble() < 0.1) {
        item = copyOf(recent.get(random.nextInt(recent.size())), at);
      } else {
        String topic = TOPICS.get(random.nextInt(TOPICS.size()));
        List<String> entities =
            random.nextDouble() < 0.7 ? List.of(COMPANIES.get(random.nextInt(COMPANIES.size()))) : List.of();
        item = item(at, topic, entities, randomSentiment(0.15), null);
      }
      items.add(item);
      recent.add(item);
      if (recent.size() > 20) {
        recent.remove(0);
      }
      at = at.plusMillis(nextGapMs(perMinute));
    }
    return items;
  }

  /** A steady stream of new stories on one topic and entities with a fixed negative share. */
  List<ScoredNewsItem> steady(
      Instant from, Duration length, double perMinute, String topic, List<String> entities, double negativeShare) {
    List<ScoredNewsItem> items = new ArrayList<>();
    Instant end = from.plus(length);
    for (Instant at = from.plusMillis(nextGapMs(perMinute)); at.isBefore(end); at = at.plusMillis(nextGapMs(perMinute))) {
      items.add(item(at, topic, entities, randomSentiment(negativeShare), null));
    }
    return items;
  }

  /** {@code count} distinct negative stories about {@code ticker}, evenly spread over {@code length}. */
  List<ScoredNewsItem> negativeBurst(Instant from, Duration length, int count, String ticker, String topic) {
    List<ScoredNewsItem> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant at = from.plusMillis(length.toMillis() * i / count);
      items.add(item(at, topic, List.of(ticker), Sentiment.NEGATIVE, null));
    }
    return items;
  }

  /** {@code copies} syndicated copies of one negative story about {@code ticker}. */
  List<ScoredNewsItem> syndicated(Instant from, Duration length, int copies, String ticker, String topic) {
    ScoredNewsItem first = item(from, topic, List.of(ticker), Sentiment.NEGATIVE, null);
    List<ScoredNewsItem> items = new ArrayList<>(List.of(first));
    for (int i = 1; i < copies; i++) {
      items.add(copyOf(first, from.plusMillis(length.toMillis() * i / copies)));
    }
    return items;
  }

  /** One scored item; a null {@code storyId} starts a new story. */
  ScoredNewsItem item(Instant at, String topic, List<String> entities, Sentiment label, String storyId) {
    String id = "item-" + (++sequence);
    String subject = entities.isEmpty() ? topic : entities.get(0);
    String title = subject + " " + label.label() + " headline " + sequence;
    RawNewsItem raw =
        new RawNewsItem(
            RawNewsItem.SCHEMA_VERSION, id, storyId, storyId == null, "wire-" + (sequence % 3),
            "https://news.example/" + id, title, "", at, at.plusSeconds(5), entities, "en");
    return new ScoredNewsItem(
        ScoredNewsItem.SCHEMA_VERSION, raw, MODEL, new TopicPrediction(topic, 0.9, Map.of()), prediction(label),
        List.of(), at.plusSeconds(6));
  }

  /** Orders items by publication time, as a newswire delivers them. */
  static List<ScoredNewsItem> merge(List<List<ScoredNewsItem>> streams) {
    List<ScoredNewsItem> all = new ArrayList<>();
    streams.forEach(all::addAll);
    all.sort(Comparator.comparing((ScoredNewsItem s) -> s.item().publishedAt()));
    return all;
  }

  private ScoredNewsItem copyOf(ScoredNewsItem original, Instant at) {
    RawNewsItem o = original.item();
    return item(at, original.topic().label(), o.entities(), original.sentiment().label(), o.storyId());
  }

  private Sentiment randomSentiment(double negativeShare) {
    double u = random.nextDouble();
    if (u < negativeShare) {
      return Sentiment.NEGATIVE;
    }
    return u < negativeShare + (1 - negativeShare) / 2 ? Sentiment.NEUTRAL : Sentiment.POSITIVE;
  }

  private SentimentPrediction prediction(Sentiment label) {
    double confidence = 0.6 + 0.35 * random.nextDouble();
    double rest = (1 - confidence) / 2;
    switch (label) {
      case NEGATIVE:
        return SentimentPrediction.fromProbabilities(confidence, rest, rest);
      case POSITIVE:
        return SentimentPrediction.fromProbabilities(rest, rest, confidence);
      default:
        return SentimentPrediction.fromProbabilities(rest, confidence, rest);
    }
  }

  private long nextGapMs(double perMinute) {
    return Math.max(1L, (long) (-Math.log(1 - random.nextDouble()) * 60_000 / perMinute));
  }
}
