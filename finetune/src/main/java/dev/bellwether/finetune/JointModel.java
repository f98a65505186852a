package dev.bellwether.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.bellwether.classifier.model.HeadsGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The whole classifier as one differentiable model: the BERT encoder, its L2-normalised [CLS]
 * vector (pooled as serving pools it), and a topic and a sentiment head of two dense layers with
 * a ReLU between them, exactly the shape {@link HeadsGraph} writes.
 */
final class JointModel {

  static final String TOPIC = "topic";
  static final String SENTIMENT = "sentiment";

  private final BertEncoder encoder;
  /** Head parameters by name: {@code topic/dense0/W} ([in, out]), {@code topic/dense0/b}, ... */
  private final Map<String, NDArray> heads;

  private JointModel(BertEncoder encoder, Map<String, NDArray> heads) {
    this.encoder = encoder;
    this.heads = heads;
  }

  /**
   * The encoder with heads copied from an existing heads graph (a warm start: at step 0 the model
   * scores as that model version does).
   */
  static JointModel warm(BertEncoder encoder, byte[] headsGraph, NDManager manager) {
    OnnxMl.GraphProto g;
    try {
      g = OnnxMl.ModelProto.parseFrom(headsGraph).getGraph();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("heads graph is not ONNX: " + e.getMessage(), e);
    }
    Map<String, NDArray> heads = new LinkedHashMap<>();
    for (OnnxMl.TensorProto t : g.getInitializerList()) {
      heads.put(t.getName(), manager.create(OnnxWeights.floats(t),
          new Shape(t.getDimsList().stream().mapToLong(Long::longValue).toArray())));
    }
    for (String task : List.of(TOPIC, SENTIMENT)) {
      if (!heads.containsKey(task + "/dense1/W") || heads.containsKey(task + "/dense2/W")) {
        throw new IllegalArgumentException("warm start needs two dense layers per head; the " + task + " head differs");
      }
    }
    return new JointModel(encoder, heads);
  }

  /**
   * The encoder with new heads, He-initialised from {@code seed}.
   *
   * @param hidden width of each head's hidden layer
   */
  static JointModel fresh(BertEncoder encoder, int topics, int sentiments, int hidden, long seed, NDManager manager) {
    Random random = new Random(seed);
    Map<String, NDArray> heads = new LinkedHashMap<>();
    for (String task : List.of(TOPIC, SENTIMENT)) {
      int k = task.equals(TOPIC) ? topics : sentiments;
      int[] sizes = {encoder.hidden(), hidden, k};
      for (int l = 0; l < 2; l++) {
        float[] w = new float[sizes[l] * sizes[l + 1]];
        double sd = Math.sqrt(2.0 / sizes[l]);
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) (random.nextGaussian() * sd);
        }
        heads.put(task + "/dense" + l + "/W", manager.create(w, new Shape(sizes[l], sizes[l + 1])));
        heads.put(task + "/dense" + l + "/b", manager.zeros(new Shape(sizes[l + 1])));
      }
    }
    return new JointModel(encoder, heads);
  }

  BertEncoder encoder() {
    return encoder;
  }

  /** Head parameters by name. */
  Map<String, NDArray> heads() {
    return heads;
  }

  /**
   * Logits of both heads: {@code [0]} topic [batch, topics], {@code [1]} sentiment [batch, 3].
   *
   * @param int8 simulate the int8 encoder graph's arithmetic (see {@link BertEncoder#forward})
   */
  NDArray[] logits(Tokens.Batch batch, NDManager manager, boolean int8) {
    NDArray[] in = batch.arrays(manager);
    NDArray pooled = BertEncoder.pooled(encoder.forward(in[0], in[1], in[2], int8));
    return new NDArray[] {head(pooled, TOPIC), head(pooled, SENTIMENT)};
  }

  private NDArray head(NDArray x, String task) {
    NDArray h = x.matMul(heads.get(task + "/dense0/W")).add(heads.get(task + "/dense0/b"));
    h = h.maximum(0f);
    return h.matMul(heads.get(task + "/dense1/W")).add(heads.get(task + "/dense1/b"));
  }

  /** The heads as dense layers for {@link HeadsGraph#write}. */
  List<HeadsGraph.Dense> layers(String task) {
    List<HeadsGraph.Dense> out = new ArrayList<>();
    for (int l = 0; l < 2; l++) {
      NDArray w = heads.get(task + "/dense" + l + "/W");
      int in = (int) w.getShape().get(0);
      int cols = (int) w.getShape().get(1);
      float[] flat = w.toFloatArray();
      float[][] rows = new float[in][cols];
      for (int i = 0; i < in; i++) {
        System.arraycopy(flat, i * cols, rows[i], 0, cols);
      }
      out.add(new HeadsGraph.Dense(rows, heads.get(task + "/dense" + l + "/b").toFloatArray()));
    }
    return out;
  }
}
