package dev.bellwether.bench;

import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.TextCleaner;
import dev.bellwether.classifier.model.TextEncoder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The classifier benchmark: encoder alone, full model and one-text-per-call reference in this
 * JVM, then (optionally) the scoring topology and its end-to-end latency on an in-JVM broker, all
 * over the same generated headlines.
 */
public final class ClassifierBench {

  /** Texts per ONNX call in the batched paths, as the encoder batches internally. */
  static final int BATCH = 32;

  private ClassifierBench() {}

  /**
   * How to run.
   *
   * @param texts generated headlines measured on each path
   * @param warmup texts run through each path before measuring it
   * @param threads ONNX Runtime intra-op threads
   * @param maxTokens longest token sequence scored
   * @param endToEnd how long to produce at half capacity; zero skips the broker paths
   * @param model the model version directory measured, or null for the bundled model
   * @param batchSize the scoring topology's micro-batch ({@code classifier.batch-size})
   * @param streamThreads the scoring topology's stream threads (and partitions); each scores
   *     with {@code threads / streamThreads} ONNX Runtime threads, so the topology uses as many
   *     cores as the other paths
   */
  public record Options(int texts, int warmup, int threads, int maxTokens, Duration endToEnd, Path model, int batchSize,
      int streamThreads) {

    /** Rejects values the benchmark cannot run with. */
    public Options {
      if (texts < 1) {
        throw new IllegalArgumentException("texts = " + texts + ": must be at least 1");
      }
      if (warmup < 0 || threads < 1 || maxTokens < 8 || endToEnd.isNegative() || batchSize < 1 || streamThreads < 1) {
        throw new IllegalArgumentException("warmup = " + warmup + ", threads = " + threads
            + ", maxTokens = " + maxTokens + ", endToEnd = " + endToEnd + ", batchSize = " + batchSize
            + ", streamThreads = " + streamThreads
            + ": need warmup >= 0, threads >= 1, maxTokens >= 8, a non-negative duration, batchSize >= 1 and streamThreads >= 1");
      }
    }
  }

  /**
   * What one run measured.
   *
   * @param texts headlines per path
   * @param encoder the encoder alone, batches of 32 sorted by length (latency per batch)
   * @param fullModel encoder and heads in the same batches (latency per batch)
   * @param arrivalOrder encoder and heads on batches of 32 in generated order, each sorted only
   *     within itself, as the scoring topology's micro-batches come (latency per batch)
   * @param naive one text per call, unsorted (latency per text)
   * @param topology the broker paths, or null when skipped
   */
  public record Result(int texts, Throughput encoder, Throughput fullModel, Throughput arrivalOrder, Throughput naive,
      TopologyBench.Measured topology) {

    /** The JSON object {@code bench classifier --json} prints; the broker fields only when measured. */
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("texts", texts);
      m.put("encoder", encoder.toJson());
      m.put("full_model", fullModel.toJson());
      m.put("full_model_arrival_order", arrivalOrder.toJson());
      m.put("naive", naive.toJson());
      Map<String, Object> ratios = new LinkedHashMap<>();
      ratios.put("full_over_encoder", Throughput.round(fullModel.textsPerSecond() / encoder.textsPerSecond(), 3));
      if (topology != null) {
        Map<String, Object> cores = new LinkedHashMap<>();
        topology.cpuCores().forEach((group, used) -> cores.put(group, Throughput.round(used, 2)));
        m.put("topology", Map.of("texts_per_second", Throughput.round(topology.textsPerSecond(), 1),
            "mean_batch", Throughput.round(topology.meanBatch(), 1),
            "model_share", Throughput.round(topology.modelShare(), 3),
            "commit_share", Throughput.round(topology.commitShare(), 3),
            "cpu_cores", cores));
        Map<String, Object> e2e = new LinkedHashMap<>();
        e2e.put("rate_per_second", Throughput.round(topology.endToEnd().ratePerSecond(), 1));
        e2e.put("records", topology.endToEnd().records());
        e2e.put("p50_ms", Throughput.round(topology.endToEnd().p50Millis(), 1));
        e2e.put("p99_ms", Throughput.round(topology.endToEnd().p99Millis(), 1));
        m.put("end_to_end", e2e);
        ratios.put("topology_over_full", Throughput.round(topology.textsPerSecond() / fullModel.textsPerSecond(), 3));
        ratios.put("topology_over_arrival_order",
            Throughput.round(topology.textsPerSecond() / arrivalOrder.textsPerSecond(), 3));
      }
      ratios.put("batched_over_naive", Throughput.round(fullModel.textsPerSecond() / naive.textsPerSecond(), 3));
      m.put("ratios", ratios);
      return m;
    }

    /** A human-readable table of the same numbers. */
    public String table() {
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "classifier bench: %,d headlines per path%n", texts));
      out.append(String.format(Locale.ROOT, "%-36s %10s %10s %10s%n", "path", "texts/s", "p50 ms", "p99 ms"));
      row(out, "encoder only (batch 32, by length)", encoder);
      row(out, "full model (batch 32, by length)", fullModel);
      row(out, "full model (batch 32, arrival order)", arrivalOrder);
      row(out, "naive (1 text per call, unsorted)", naive);
      if (topology != null) {
        out.append(String.format(Locale.ROOT,
            "%-36s %10.1f %10s %10s  (%.1f items per scoring call; time in them %.0f%%, in commits %.0f%%)%n",
            "scoring topology (EOS, broker)", topology.textsPerSecond(), "-", "-", topology.meanBatch(),
            100 * topology.modelShare(), 100 * topology.commitShare()));
        StringBuilder cores = new StringBuilder();
        topology.cpuCores().forEach((group, used) -> cores.append(String.format(Locale.ROOT, ", %s %.2f", group, used)));
        out.append(String.format(Locale.ROOT, "%-36s %s%n", "  cores used by the topology run", cores.substring(2)));
        TopologyBench.EndToEnd e = topology.endToEnd();
        out.append(String.format(Locale.ROOT, "%-36s %10.1f %10.1f %10.1f  (%d records; target p99 < 250 ms)%n",
            "end-to-end at half capacity", e.ratePerSecond(), e.p50Millis(), e.p99Millis(), e.records()));
      }
      out.append(String.format(Locale.ROOT, "full/encoder %.2f, batched/naive %.2f", fullModel.textsPerSecond()
          / encoder.textsPerSecond(), fullModel.textsPerSecond() / naive.textsPerSecond()));
      if (topology != null) {
        out.append(String.format(Locale.ROOT, ", topology/full %.2f, topology/arrival-order %.2f",
            topology.textsPerSecond() / fullModel.textsPerSecond(), topology.textsPerSecond() / arrivalOrder.textsPerSecond()));
      }
      return out.append(String.format("%n")).toString();
    }

    private static void row(StringBuilder out, String name, Throughput t) {
      out.append(String.format(Locale.ROOT, "%-36s %10.1f %10.2f %10.2f%n", name, t.textsPerSecond(), t.p50Millis(), t.p99Millis()));
    }
  }

  /** Runs every path {@code options} asks for, reporting progress on {@code progress}. */
  public static Result run(Options options, PrintStream progress) {
    List<String> texts = BenchHeadlines.generate(options.texts());
    List<String> warm = BenchHeadlines.generate(Math.max(1, options.warmup()));
    List<List<String>> batches = batchesByLength(texts);
    List<List<String>> warmBatches = batchesByLength(warm);
    progress.printf("loading %s (%d threads, max %d tokens)%n",
        options.model() == null ? "the bundled model" : options.model(), options.threads(), options.maxTokens());
    try (NewsClassifier classifier = options.model() == null
        ? NewsClassifier.loadBundled(options.threads(), options.maxTokens())
        : NewsClassifier.load(options.model(), options.threads(), options.maxTokens())) {
      progress.printf("model %s%n", classifier.id());
      TextEncoder textEncoder = classifier.encoder();
      List<List<String>> cleanBatches = batches.stream().map(ClassifierBench::clean).toList();
      List<List<String>> cleanWarm = warmBatches.stream().map(ClassifierBench::clean).toList();
      Throughput encoder = measure("encoder only", progress, texts.size(), cleanWarm, cleanBatches,
          batch -> textEncoder.encode(batch, done -> { }));
      Throughput full = measure("full model", progress, texts.size(), warmBatches, batches, classifier::classifyAll);
      Throughput arrival = measure("full model, arrival order", progress, texts.size(), batchesInOrder(warm),
          batchesInOrder(texts), classifier::classifyAll);
      Throughput naive = measure("naive", progress, texts.size(), singles(warm), singles(texts),
          one -> classifier.classify(one.get(0)));
      TopologyBench.Measured topology = options.endToEnd().isZero() ? null : topology(options, classifier, texts, progress);
      return new Result(texts.size(), encoder, full, arrival, naive, topology);
    }
  }

  /** The broker paths, on the same model with its threads shared out among the stream threads. */
  private static TopologyBench.Measured topology(Options options, NewsClassifier classifier, List<String> texts,
      PrintStream progress) {
    if (options.streamThreads() == 1) {
      return TopologyBench.run(classifier, options.batchSize(), 1, texts, options.warmup(), options.endToEnd(), progress);
    }
    int each = Math.max(1, options.threads() / options.streamThreads());
    progress.printf("topology: %d stream threads, %d ONNX Runtime thread(s) each%n", options.streamThreads(), each);
    try (NewsClassifier shared = options.model() == null
        ? NewsClassifier.loadBundled(each, options.maxTokens())
        : NewsClassifier.load(options.model(), each, options.maxTokens())) {
      return TopologyBench.run(shared, options.batchSize(), options.streamThreads(), texts, options.warmup(),
          options.endToEnd(), progress);
    }
  }

  private static Throughput measure(String name, PrintStream progress, int texts, List<List<String>> warmup,
      List<List<String>> calls, Consumer<List<String>> call) {
    progress.printf("%s: warming up%n", name);
    warmup.forEach(call);
    progress.printf("%s: measuring %d calls%n", name, calls.size());
    long[] latencies = new long[calls.size()];
    CpuUse cpuBefore = CpuUse.now();
    long start = System.nanoTime();
    for (int i = 0; i < calls.size(); i++) {
      long t = System.nanoTime();
      call.accept(calls.get(i));
      latencies[i] = System.nanoTime() - t;
    }
    long wall = System.nanoTime() - start;
    progress.printf(Locale.ROOT, "%s: %.2f cores used%n", name, CpuUse.now().processCoresSince(cpuBefore));
    return Throughput.of(texts, wall, latencies);
  }

  /** Batches of {@link #BATCH} texts, shortest cleaned texts first, so padding stays small. */
  static List<List<String>> batchesByLength(List<String> texts) {
    List<String> sorted = new ArrayList<>(texts);
    sorted.sort(Comparator.comparingInt((String t) -> TextCleaner.clean(t).length()));
    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i += BATCH) {
      batches.add(List.copyOf(sorted.subList(i, Math.min(sorted.size(), i + BATCH))));
    }
    return batches;
  }

  /** Batches of {@link #BATCH} texts in the order given, as a stream's micro-batches arrive. */
  static List<List<String>> batchesInOrder(List<String> texts) {
    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < texts.size(); i += BATCH) {
      batches.add(List.copyOf(texts.subList(i, Math.min(texts.size(), i + BATCH))));
    }
    return batches;
  }

  private static List<List<String>> singles(List<String> texts) {
    return texts.stream().map(List::of).toList();
  }

  private static List<String> clean(List<String> batch) {
    return batch.stream().map(TextCleaner::clean).toList();
  }
}
