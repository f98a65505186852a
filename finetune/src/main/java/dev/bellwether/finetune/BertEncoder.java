package dev.bellwether.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT encoder (post-LayerNorm, erf GELU, as bge-small-en-v1.5 and MiniLM) as DJL NDArray
 * operations on the weights of its ONNX graph, so PyTorch can differentiate it. The forward pass
 * mirrors the exported graph node for node and gives its {@code last_hidden_state}.
 */
final class BertEncoder {

  private static final float LAYER_NORM_EPS = 1e-12f;
  // What the graph adds to the attention scores of padding: large enough that exp() is 0.
  private static final float MASKED = -1e9f;
  static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";

  private final Map<String, NDArray> parameters;
  private final int layers;
  private final int heads;
  private final int hidden;

  private BertEncoder(Map<String, NDArray> parameters, int layers, int heads, int hidden) {
    this.parameters = parameters;
    this.layers = layers;
    this.heads = heads;
    this.hidden = hidden;
  }

  /**
   * Copies the weights of an fp32 graph into {@code manager}.
   *
   * @param heads attention heads (12 for bge-small and MiniLM-L6)
   */
  static BertEncoder of(OnnxWeights weights, int heads, NDManager manager) {
    Map<String, NDArray> p = new LinkedHashMap<>();
    for (String name : weights.names()) {
      p.put(name, manager.create(weights.values(name), new Shape(weights.shape(name))));
    }
    int layers = 0;
    while (p.containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
      layers++;
    }
    int hidden = (int) p.get("embeddings.LayerNorm.weight").getShape().get(0);
    if (layers == 0 || hidden % heads != 0) {
      throw new IllegalArgumentException("not a BERT encoder graph: " + layers + " layers, width " + hidden);
    }
    return new BertEncoder(p, layers, heads, hidden);
  }

  /** Every parameter by Hugging Face name (the arrays themselves, updated in place by training). */
  Map<String, NDArray> parameters() {
    return parameters;
  }

  /** Width of the token vectors. */
  int hidden() {
    return hidden;
  }

  /**
   * The last hidden state [batch, tokens, hidden] in fp32, as the fp32 graph computes it.
   *
   * @param ids token ids [batch, tokens], int64
   * @param mask 1 for tokens, 0 for padding [batch, tokens], int64
   * @param types token type ids [batch, tokens], int64
   */
  NDArray forward(NDArray ids, NDArray mask, NDArray types) {
    return forward(ids, mask, types, false);
  }

  /**
   * The last hidden state, optionally with the int8 graph's arithmetic simulated ({@link Int8Graph}
   * weights, and activations quantised per tensor before every weight MatMul as
   * DynamicQuantizeLinear does), rounding with straight-through gradients so that it can also
   * be trained this way.
   */
  NDArray forward(NDArray ids, NDArray mask, NDArray types, boolean int8) {
    long batch = ids.getShape().get(0);
    long tokens = ids.getShape().get(1);
    NDManager m = ids.getManager();
    NDArray positions = m.arange(0, tokens, 1, DataType.INT64).expandDims(0).repeat(0, batch);
    NDArray x = embed(ids, WORD_EMBEDDINGS, int8)
        .add(embed(types, "embeddings.token_type_embeddings.weight", int8))
        .add(embed(positions, "embeddings.position_embeddings.weight", int8));
    x = norm(x, "embeddings.LayerNorm");
    NDArray bias = mask.toType(DataType.FLOAT32, false).neg().add(1).mul(MASKED).reshape(batch, 1, 1, tokens);
    for (int l = 0; l < layers; l++) {
      x = layer(x, bias, "encoder.layer." + l + ".", batch, tokens, int8);
    }
    return x;
  }

  private NDArray layer(NDArray x, NDArray maskBias, String p, long batch, long tokens, boolean int8) {
    int d = hidden / heads;
    NDArray q = split(dense(x, p + "attention.self.query", int8), batch, tokens);
    NDArray k = split(dense(x, p + "attention.self.key", int8), batch, tokens);
    NDArray v = split(dense(x, p + "attention.self.value", int8), batch, tokens);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(d)).add(maskBias);
    NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, hidden);
    NDArray attended = norm(dense(context, p + "attention.output.dense", int8).add(x), p + "attention.output.LayerNorm");
    NDArray inner = Activation.gelu(dense(attended, p + "intermediate.dense", int8));
    return norm(dense(inner, p + "output.dense", int8).add(attended), p + "output.LayerNorm");
  }

  private NDArray split(NDArray x, long batch, long tokens) {
    return x.reshape(batch, tokens, heads, hidden / heads).transpose(0, 2, 1, 3);
  }

  private NDArray dense(NDArray x, String name, boolean int8) {
    NDArray w = parameters.get(name + ".weight");
    if (int8) {
      x = straightThrough(x, quantisedActivations(x));
      w = straightThrough(w, quantisedColumns(w));
    }
    return x.matMul(w).add(parameters.get(name + ".bias"));
  }

  private static NDArray straightThrough(NDArray x, NDArray rounded) {
    return x.add(rounded.sub(x).stopGradient());
  }

  /** Per output column: scale max|w| / 64, values rounded into [-64, 64]. */
  private static NDArray quantisedColumns(NDArray w) {
    NDArray scale = w.abs().max(new int[] {0}, true).mul(2f / 128f).maximum(1e-30f).stopGradient();
    return w.div(scale).round().clip(-64, 64).mul(scale);
  }

  /** DynamicQuantizeLinear: uint8 over the whole tensor, range stretched to include 0. */
  private static NDArray quantisedActivations(NDArray x) {
    NDArray lo = x.min().minimum(0f).stopGradient();
    NDArray hi = x.max().maximum(0f).stopGradient();
    NDArray scale = hi.sub(lo).div(255f).maximum(1e-30f);
    NDArray zero = lo.neg().div(scale).round().clip(0, 255);
    return x.div(scale).round().add(zero).clip(0, 255).sub(zero).mul(scale);
  }

  private NDArray norm(NDArray x, String name) {
    return LayerNorm.layerNorm(x, new Shape(hidden), parameters.get(name + ".weight"), parameters.get(name + ".bias"),
        LAYER_NORM_EPS).singletonOrThrow();
  }

  private NDArray embed(NDArray ids, String table, boolean int8) {
    NDArray w = parameters.get(table);
    NDArray e = Embedding.embedding(ids, w, SparseFormat.DENSE).singletonOrThrow();
    if (!int8) {
      return e;
    }
    // One uint8 scale per table (2 max|w| / 255, zero point 128), applied to the gathered rows only.
    NDArray scale = w.abs().max().mul(2f / 255f).maximum(1e-30f).stopGradient();
    return straightThrough(e, e.div(scale).round().add(128).clip(0, 255).sub(128).mul(scale));
  }

  /** The first ([CLS]) token's vector of each text, L2-normalised, as serving pools it. */
  static NDArray pooled(NDArray lastHidden) {
    NDArray cls = lastHidden.get(new NDIndex(":, 0, :"));
    return cls.div(cls.pow(2).sum(new int[] {1}, true).sqrt().maximum(1e-12f));
  }

  /** Names of the parameters that training updates. */
  List<String> trainable(boolean freezeWordEmbeddings) {
    return parameters.keySet().stream().filter(n -> !(freezeWordEmbeddings && n.equals(WORD_EMBEDDINGS))).toList();
  }
}
