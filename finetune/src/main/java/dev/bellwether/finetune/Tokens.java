package dev.bellwether.finetune;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bellwether.classifier.model.TextEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The encoder's tokenizer (the one serving uses, from the int8 artifact) and padded batches of
 * its output, the three int64 inputs of a BERT graph.
 */
final class Tokens implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;

  private Tokens(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** The serving tokenizer, cutting texts at {@code maxTokens} as serving does. */
  static Tokens load(int maxTokens) {
    try (InputStream in = Tokens.class.getResourceAsStream(TextEncoder.TOKENIZER)) {
      if (in == null) {
        throw new IllegalStateException("tokenizer " + TextEncoder.TOKENIZER + " is not on the class path ("
            + TextEncoder.ARTIFACT + ")");
      }
      return new Tokens(HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "true", "padding", "false",
          "maxLength", Integer.toString(maxTokens), "addSpecialTokens", "true")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + TextEncoder.TOKENIZER, e);
    }
  }

  /**
   * A batch padded to its longest text.
   *
   * @param ids token ids, one row per text
   * @param mask 1 for tokens, 0 for padding
   * @param types token type ids
   */
  record Batch(long[][] ids, long[][] mask, long[][] types) {

    /** Texts in the batch. */
    int size() {
      return ids.length;
    }

    /** Tokens per row. */
    int length() {
      return ids[0].length;
    }

    /** The three inputs as int64 arrays of {@code manager}: ids, mask, types. */
    NDArray[] arrays(NDManager manager) {
      return new NDArray[] {flat(manager, ids), flat(manager, mask), flat(manager, types)};
    }

    private NDArray flat(NDManager manager, long[][] rows) {
      long[] all = new long[rows.length * rows[0].length];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(rows[i], 0, all, i * rows[0].length, rows[0].length);
      }
      return manager.create(all, new Shape(rows.length, rows[0].length));
    }
  }

  /** Tokenises cleaned texts and pads them to the longest. */
  Batch batch(List<String> cleanTexts) {
    return batch(cleanTexts, null);
  }

  /**
   * Tokenises cleaned texts, each with its second segment where {@code pairs} has one (an entity:
   * {@code [CLS] text [SEP] entity [SEP]}, the entity's tokens of type 1, as serving encodes it),
   * and pads them to the longest.
   *
   * @param pairs second segments by position, null entries (or a null list) for none
   */
  Batch batch(List<String> cleanTexts, List<String> pairs) {
    Encoding[] enc = new Encoding[cleanTexts.size()];
    int len = 1;
    for (int i = 0; i < enc.length; i++) {
      String pair = pairs == null ? null : pairs.get(i);
      enc[i] = encode(cleanTexts.get(i), pair);
      len = Math.max(len, enc[i].getIds().length);
    }
    long[][] ids = new long[enc.length][len];
    long[][] mask = new long[enc.length][len];
    long[][] types = new long[enc.length][len];
    for (int i = 0; i < enc.length; i++) {
      System.arraycopy(enc[i].getIds(), 0, ids[i], 0, enc[i].getIds().length);
      System.arraycopy(enc[i].getAttentionMask(), 0, mask[i], 0, enc[i].getIds().length);
      System.arraycopy(enc[i].getTypeIds(), 0, types[i], 0, enc[i].getIds().length);
    }
    return new Batch(ids, mask, types);
  }

  /** Number of tokens of one cleaned text (with its second segment, or null), special tokens included. */
  int count(String cleanText, String pair) {
    return encode(cleanText, pair).getIds().length;
  }

  private Encoding encode(String text, String pair) {
    return pair == null ? tokenizer.encode(text) : tokenizer.encode(text, pair);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
