package dev.bellwether.classifier.model;

import dev.bellwether.event.ModelId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotes model versions without a restart: checks a model directory every poll interval and,
 * when its contents changed, loads the version there, checks it like any load, and swaps it into
 * a {@link ModelSlot}. A version that fails the checks is refused with one log line naming why,
 * and the current one keeps scoring.
 *
 * <p>A change is any file added, removed, resized or touched in the directory, or the directory
 * path resolving elsewhere: promoting by re-pointing a symbolic link ({@code models/current}) is
 * atomic, so no half-copied version is ever seen.
 */
public final class ModelWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);
  /** Counter of model versions swapped in or refused, tagged {@code outcome}. */
  public static final String RELOADS = "bellwether.classifier.model.reloads";

  /** What one check did. */
  public enum Outcome {
    /** The directory is as it was at the last check. */
    UNCHANGED,
    /** Another version was loaded and now scores. */
    SWAPPED,
    /** The directory changed but holds the version already scoring. */
    SAME_MODEL,
    /** The version there failed its checks; the current one keeps scoring. */
    REJECTED
  }

  private final ModelSlot slot;
  private final Path dir;
  private final Function<Path, NewsClassifier> loader;
  private final ScheduledExecutorService timer;
  private final Counter swapped;
  private final Counter rejected;
  private String seen;
  private volatile Outcome last = Outcome.UNCHANGED;

  private ModelWatcher(ModelSlot slot, Path dir, Function<Path, NewsClassifier> loader, MeterRegistry registry) {
    this.slot = slot;
    this.dir = dir;
    this.loader = loader;
    this.swapped = reloads(registry, "swapped");
    this.rejected = reloads(registry, "rejected");
    this.seen = fingerprint(dir);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bellwether-model-watcher");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * A watcher of {@code dir}, whose current contents are taken as the version already in the
   * slot; it checks nothing until {@link #startPolling} or {@link #check} is called.
   *
   * @param loader loads and checks the version in a directory, throwing {@link ModelLoadException}
   * @param registry receives the {@value #RELOADS} counter
   */
  public static ModelWatcher of(
      ModelSlot slot, Path dir, Function<Path, NewsClassifier> loader, MeterRegistry registry) {
    return new ModelWatcher(slot, dir, loader, registry);
  }

  private static Counter reloads(MeterRegistry registry, String outcome) {
    return Counter.builder(RELOADS)
        .description("Model versions found in model-dir and swapped in or refused by their checks")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Checks every {@code interval} on a daemon thread until closed. */
  public ModelWatcher startPolling(Duration interval) {
    long ms = interval.toMillis();
    timer.scheduleWithFixedDelay(this::checkQuietly, ms, ms, TimeUnit.MILLISECONDS);
    LOG.info("Watching {} for new model versions every {} ms", dir, ms);
    return this;
  }

  /** The outcome of the latest check. */
  public Outcome lastOutcome() {
    return last;
  }

  /** Checks the directory once and swaps in the version there if it changed and loads cleanly. */
  public synchronized Outcome check() {
    String now = fingerprint(dir);
    if (now.equals(seen)) {
      return record(Outcome.UNCHANGED);
    }
    seen = now;
    NewsClassifier next;
    try {
      next = loader.apply(dir);
    } catch (ModelLoadException | IllegalStateException e) {
      LOG.error("Refused the model version in {}: {}. Still scoring with {}.", dir, e.getMessage(),
          display(slot.currentId()));
      rejected.increment();
      return record(Outcome.REJECTED);
    }
    if (next.id().equals(slot.currentId())) {
      next.close();
      return record(Outcome.SAME_MODEL);
    }
    ModelId old = slot.swap(next);
    swapped.increment();
    LOG.info("Swapped model {} for {} from {}; batches in flight finish on the old one",
        display(old), next.id().display(), dir);
    return record(Outcome.SWAPPED);
  }

  private Outcome record(Outcome outcome) {
    last = outcome;
    return outcome;
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again; log and keep watching.
      LOG.error("Checking {} for a new model version failed", dir, e);
    }
  }

  private static String display(ModelId id) {
    return id == null ? "no model" : id.display();
  }

  /** Where the directory resolves to, and the name, size and modification time of each file in it. */
  static String fingerprint(Path dir) {
    StringBuilder out = new StringBuilder();
    try {
      Path real = dir.toRealPath();
      out.append(real).append('\n');
      try (Stream<Path> files = Files.list(real)) {
        List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
        for (Path f : sorted) {
          out.append(f.getFileName()).append(' ').append(Files.size(f)).append(' ')
              .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
        }
      }
    } catch (IOException e) {
      out.append("unreadable: ").append(e.getMessage());
    }
    return out.toString();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
