package dev.bellwether.ops.backtest;

import dev.bellwether.Progress;
import dev.bellwether.alerts.AlertEngine;
import dev.bellwether.alerts.OfflineAlerting;
import dev.bellwether.classifier.model.ClassifiedText;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.NewsText;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ClassifierConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.WindowStats;
import dev.bellwether.ingest.dedup.Deduplicator;
import dev.bellwether.ingest.dedup.StoryClusterer;
import dev.bellwether.ingest.importer.NewsFile;
import dev.bellwether.ingest.normalize.ItemNormalizer;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import dev.bellwether.ops.topics.TimeRange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A backtest: what the live pipeline would have alerted on over a dated news file, run offline in
 * one process. The stages are the live ones, wired here without Kafka: the file is read, normalised
 * and tagged as ingest does ({@link NewsFile}), de-duplicated and clustered into stories in
 * publication order ({@link Deduplicator}), scored by the model ({@link NewsClassifier}, through a
 * {@link ScoreCache} so that only texts never scored by this model are scored), and alerted on by
 * the alerting stage's own engine over memory ({@link OfflineAlerting}), fed in publication order.
 *
 * <p>Items before the reported range teach the baselines; alerts of windows ending by its start
 * are left out. Items after its end are not read into the alerting at all. At the end the windows
 * of the last items are closed, as if news had gone on.
 */
public final class Backtest {

  /**
   * The event-time timeline a backtest runs on: history, not live news, so its windows stay out of
   * the live sentiment gauges, and its alert ids differ from live ones.
   */
  public static final String TIMELINE = "backtest";

  private static final JsonCodec<ScoredNewsItem> SCORED = Topics.SCORED.valueSerde().codec();

  /** Items per scoring call: large enough for the encoder to batch texts of like length. */
  static final int SCORE_CHUNK = 256;

  /**
   * What to backtest.
   *
   * @param file the news file (.jsonl or .csv, optionally .gz)
   * @param range the publication times reported
   * @param cacheDir where scores are kept between runs
   * @param scoredOut where to write every scored item handed to the alerting, as JSON lines of
   *     the {@code news.scored} contract; null for nowhere
   */
  public record Options(Path file, TimeRange range, Path cacheDir, Path scoredOut) {}

  /**
   * What a backtest did.
   *
   * @param read items read from the file
   * @param bad lines that were not items
   * @param duplicates exact repeats dropped
   * @param nearDuplicates items linked to an earlier story
   * @param fed items handed to the alerting (warm-up included)
   * @param warmUp of those, items before the reported range
   * @param scored items scored in this run
   * @param cached items whose score came from the cache
   * @param model display id of the model
   * @param first publication time of the first item fed, null when none
   * @param last publication time of the last item fed, null when none
   * @param alerts every alert revision of the reported range, in the order raised
   * @param stories the items fed, by id, for the events' first stories
   * @param timings seconds per stage: read, stories, score, alert
   */
  public record Result(
      long read, long bad, long duplicates, long nearDuplicates, long fed, long warmUp, long scored, long cached,
      String model, Instant first, Instant last, List<Alert> alerts, List<RawNewsItem> stories, Timings timings) {

    /** Copies the lists. */
    public Result {
      alerts = List.copyOf(alerts);
      stories = List.copyOf(stories);
    }
  }

  /**
   * Seconds per stage.
   *
   * @param read reading, normalising and tagging the file
   * @param stories de-duplication and story clustering
   * @param score scoring (model load included) or reading the scores back
   * @param alert windows and the spike rule
   */
  public record Timings(double read, double stories, double score, double alert) {
    /** The whole run. */
    public double total() {
      return read + stories + score + alert;
    }
  }

  private Backtest() {}

  /**
   * Runs a backtest of {@code options} under {@code config}, scoring with the model {@code models}
   * loads (loaded only when some text is missing from the cache, or to learn the model's id);
   * progress and estimates of the time left go to {@code progress}.
   */
  public static Result run(BellwetherConfig config, Options options, Supplier<NewsClassifier> models,
      PrintStream progress) throws IOException {
    long t0 = System.nanoTime();
    // Read now: an item is only dated by its fetch time when its own time is missing or in the future.
    NewsFile file = NewsFile.read(options.file(), ItemNormalizer.of(config.ingest()), Instant.now(), progress);
    long t1 = System.nanoTime();

    TimeRange range = options.range();
    // Ids are remembered against publication time: a backtest has no other clock.
    MovingClock clock = new MovingClock();
    Deduplicator dedup = new Deduplicator(config.ingest().dedup(), clock);
    List<RawNewsItem> stories = new ArrayList<>();
    long duplicates = 0;
    long near = 0;
    Progress clustering = bar(progress, "stories", "items", file.items().size());
    int done = 0;
    for (RawNewsItem item : file.items()) {
      clustering.update(++done);
      if (range.to() != Instant.MAX && !item.publishedAt().isBefore(range.to())) {
        break;
      }
      clock.set(item.publishedAt());
      StoryClusterer.Assignment a = dedup.assign(item);
      switch (a.outcome()) {
        case DUPLICATE -> duplicates++;
        case NEAR_DUPLICATE -> near++;
        case NEW -> { }
      }
      if (a.outcome() != StoryClusterer.Outcome.DUPLICATE) {
        stories.add(a.item());
      }
    }
    clustering.finish(done);
    long t2 = System.nanoTime();

    ClassifierConfig scoring = config.classifier();
    String settings = String.format(Locale.ROOT, "max-tokens=%d max-chunks=%d title-weight=%s",
        scoring.maxTokens(), scoring.maxChunks(), scoring.titleWeight());
    long fresh;
    long cachedCount;
    String modelName;
    ScoreCache cache;
    try (NewsClassifier model = models.get()) {
      modelName = model.id().display();
      cache = ScoreCache.open(options.cacheDir(), model.id(), model.manifest().labels().topic(), settings);
      List<RawNewsItem> missing = new ArrayList<>();
      java.util.Set<RawNewsItem> seen = new java.util.HashSet<>();
      for (RawNewsItem s : stories) {
        if (!cache.contains(s) && seen.add(s)) {
          missing.add(s);
        }
      }
      cachedCount = stories.size() - missing.size();
      fresh = missing.size();
      score(model, scoring, cache, missing, progress);
    }
    long t3 = System.nanoTime();

    List<Alert> alerts = new ArrayList<>();
    long from = range.from() == Instant.MIN ? Long.MIN_VALUE : range.from().toEpochMilli();
    OfflineAlerting alerting = new OfflineAlerting(config.alerts(), new SimpleMeterRegistry(), new AlertEngine.Sink() {
      @Override
      public void window(String scope, WindowStats stats) {}

      @Override
      public void alert(Alert alert) {
        if (alert.windowEnd().toEpochMilli() > from) {
          alerts.add(alert);
        }
      }

      @Override
      public void late(String scope, ScoredNewsItem item) {}
    });
    Progress alerting0 = bar(progress, "alerting", "items", stories.size());
    long warmUp = 0;
    Instant firstAt = null;
    Instant lastAt = null;
    int n = 0;
    java.io.Writer scoredOut = options.scoredOut() == null ? null
        : Files.newBufferedWriter(options.scoredOut(), StandardCharsets.UTF_8);
    for (RawNewsItem s : stories) {
      ClassifiedText v = withLanguageFlag(cache.get(s), s, scoring);
      ScoredNewsItem scored = new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, s.onTimeline(TIMELINE), cache.model(),
          v.topic(),
          v.sentiment(), v.flags(), s.publishedAt(), v.chunks());
      alerting.accept(scored);
      if (scoredOut != null) {
        scoredOut.write(SCORED.encodeToString(scored));
        scoredOut.write('\n');
      }
      warmUp += s.publishedAt().toEpochMilli() < from ? 1 : 0;
      firstAt = firstAt == null ? s.publishedAt() : firstAt;
      lastAt = s.publishedAt();
      alerting0.update(++n);
    }
    cache.close();
    if (scoredOut != null) {
      scoredOut.close();
    }
    if (lastAt != null) {
      Duration longest = config.alerts().window().kinds().values().stream()
          .map(w -> w.size()).max(Comparator.naturalOrder()).orElseThrow();
      Instant end = lastAt.plus(longest);
      alerting.closeThrough(range.to() == Instant.MAX || end.isBefore(range.to()) ? end : range.to());
    }
    alerting0.finish(n);
    long t4 = System.nanoTime();
    return new Result(file.items().size() + file.bad().size(), file.bad().size(), duplicates, near, stories.size(),
        warmUp, fresh, cachedCount, modelName, firstAt, lastAt, alerts, stories,
        new Timings(seconds(t0, t1), seconds(t1, t2), seconds(t2, t3), seconds(t3, t4)));
  }

  private static void score(NewsClassifier model, ClassifierConfig scoring, ScoreCache cache, List<RawNewsItem> missing,
      PrintStream progress) {
    if (missing.isEmpty()) {
      return;
    }
    if (progress != null) {
      progress.printf(Locale.ROOT, "scoring %,d texts not in %s with %s%n", missing.size(), cache.file(),
          model.id().display());
    }
    Progress bar = bar(progress, "scoring", "items", missing.size());
    for (int start = 0; start < missing.size(); start += SCORE_CHUNK) {
      List<RawNewsItem> chunk = missing.subList(start, Math.min(missing.size(), start + SCORE_CHUNK));
      List<NewsText> texts = chunk.stream().map(i -> new NewsText(i.title(), i.summary())).toList();
      List<ClassifiedText> verdicts = model.classifyItems(texts, scoring.maxChunks(), scoring.titleWeight());
      for (int i = 0; i < chunk.size(); i++) {
        cache.put(chunk.get(i), verdicts.get(i));
      }
      cache.flush();
      bar.update(start + chunk.size());
    }
    bar.finish(missing.size());
  }

  /**
   * {@code verdict} with the language flag derived from {@code item}'s text as the classifier
   * derives it now: it is not the model's output, and a cache written before the classifier
   * flagged non-English text would otherwise let those items count.
   */
  static ClassifiedText withLanguageFlag(ClassifiedText verdict, RawNewsItem item, ClassifierConfig scoring) {
    List<String> flags = new ArrayList<>(verdict.flags());
    flags.removeIf(f -> f.equals(ClassifiedText.NON_LATIN_SCRIPT) || f.equals(ClassifiedText.NOT_ENGLISH));
    NewsClassifier.languageFlag(new NewsText(item.title(), item.summary()), scoring.maxChunks(), scoring.titleWeight())
        .ifPresent(flags::add);
    return flags.equals(verdict.flags()) ? verdict
        : new ClassifiedText(verdict.topic(), verdict.sentiment(), flags, verdict.chunks());
  }

  /** A progress bar on {@code out}, redrawn in place when {@code out} is standard error on a terminal. */
  private static Progress bar(PrintStream out, String what, String unit, long total) {
    return new Progress(out, what, unit, total, out == System.err && System.console() != null, System::nanoTime);
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }

  /** A clock set to the publication time of the item being clustered. */
  private static final class MovingClock extends Clock {
    private Instant now = Instant.EPOCH;

    void set(Instant at) {
      if (at.isAfter(now)) {
        now = at;
      }
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException("a backtest clock has one zone");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
