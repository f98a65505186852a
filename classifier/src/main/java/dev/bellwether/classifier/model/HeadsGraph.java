package dev.bellwether.classifier.model;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes the heads as one ONNX graph: input {@code embedding} float[N, d]; per task a stack of
 * dense layers (Gemm, ReLU between them) ending in a softmax, giving {@code topic_probabilities}
 * and {@code sentiment_probabilities}.
 */
public final class HeadsGraph {

  /** Name of the graph input. */
  public static final String INPUT = "embedding";
  /** Name of the topic output. */
  public static final String TOPIC_OUTPUT = "topic_probabilities";
  /** Name of the sentiment output. */
  public static final String SENTIMENT_OUTPUT = "sentiment_probabilities";

  private static final int OPSET = 13;
  private static final long IR_VERSION = 8;

  private HeadsGraph() {}

  /**
   * One dense layer, {@code y = x W + b}.
   *
   * @param weights W as [inputs][outputs]
   * @param bias b, one per output
   */
  public record Dense(float[][] weights, float[] bias) {

    /** Checks that W and b agree. */
    public Dense {
      if (weights.length == 0 || weights[0].length != bias.length) {
        throw new IllegalArgumentException(
            "dense layer: weights are " + weights.length + "x" + (weights.length == 0 ? 0 : weights[0].length)
                + " but bias has " + bias.length);
      }
    }

    /** Number of inputs. */
    public int inputs() {
      return weights.length;
    }

    /** Number of outputs. */
    public int outputs() {
      return bias.length;
    }
  }

  /**
   * The ONNX bytes of the two heads.
   *
   * @param topic topic layers, ReLU between consecutive layers
   * @param sentiment sentiment layers, ReLU between consecutive layers
   */
  public static byte[] write(List<Dense> topic, List<Dense> sentiment) {
    int width = topic.get(0).inputs();
    if (sentiment.get(0).inputs() != width) {
      throw new IllegalArgumentException(
          "heads disagree on the embedding width: topic " + width + ", sentiment " + sentiment.get(0).inputs());
    }
    OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder()
        .setName("bellwether-heads")
        .addInput(valueInfo(INPUT, width));
    addHead(graph, "topic", topic, TOPIC_OUTPUT);
    addHead(graph, "sentiment", sentiment, SENTIMENT_OUTPUT);
    graph.addOutput(valueInfo(TOPIC_OUTPUT, topic.get(topic.size() - 1).outputs()));
    graph.addOutput(valueInfo(SENTIMENT_OUTPUT, sentiment.get(sentiment.size() - 1).outputs()));
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("bellwether-train")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  /**
   * Runs a heads graph in ONNX Runtime after the same checks as loading a model, so training
   * measures exactly what will be served.
   *
   * @return topic probabilities ({@code [0]}, one row per text) and sentiment probabilities ({@code [1]})
   */
  public static float[][][] score(byte[] graph, ModelManifest manifest, float[][] embeddings) {
    try (HeadsSession heads = HeadsSession.load(graph, manifest, embeddings[0].length, 1, "heads")) {
      HeadsSession.Probabilities p = heads.run(embeddings);
      return new float[][][] {p.topic(), p.sentiment()};
    }
  }

  /**
   * The dense layers of both heads of a graph this class wrote, so training can continue from a
   * model version's weights.
   *
   * @return topic layers ({@code [0]}) and sentiment layers ({@code [1]})
   * @throws IllegalArgumentException when the bytes are not such a graph
   */
  public static List<List<Dense>> read(byte[] graph) {
    OnnxMl.GraphProto g;
    try {
      g = OnnxMl.ModelProto.parseFrom(graph).getGraph();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
    }
    java.util.Map<String, OnnxMl.TensorProto> init = new java.util.HashMap<>();
    for (OnnxMl.TensorProto t : g.getInitializerList()) {
      init.put(t.getName(), t);
    }
    return List.of(layers(init, "topic"), layers(init, "sentiment"));
  }

  private static List<Dense> layers(java.util.Map<String, OnnxMl.TensorProto> init, String task) {
    List<Dense> out = new java.util.ArrayList<>();
    for (int i = 0; init.containsKey(task + "/dense" + i + "/W"); i++) {
      OnnxMl.TensorProto w = init.get(task + "/dense" + i + "/W");
      float[] flat = floats(w);
      int rows = (int) w.getDims(0);
      int cols = (int) w.getDims(1);
      float[][] m = new float[rows][cols];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(flat, r * cols, m[r], 0, cols);
      }
      out.add(new Dense(m, floats(init.get(task + "/dense" + i + "/b"))));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the graph has no " + task + " head written by bellwether train");
    }
    return out;
  }

  private static float[] floats(OnnxMl.TensorProto t) {
    java.nio.FloatBuffer fb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[fb.remaining()];
    fb.get(out);
    return out;
  }

  private static void addHead(OnnxMl.GraphProto.Builder graph, String task, List<Dense> layers, String output) {
    String x = INPUT;
    for (int i = 0; i < layers.size(); i++) {
      Dense layer = layers.get(i);
      if (i > 0 && layer.inputs() != layers.get(i - 1).outputs()) {
        throw new IllegalArgumentException(task + " layer " + i + " takes " + layer.inputs()
            + " inputs but the layer before gives " + layers.get(i - 1).outputs());
      }
      String prefix = task + "/dense" + i;
      graph.addInitializer(tensor(prefix + "/W", layer.weights()));
      graph.addInitializer(tensor(prefix + "/b", layer.bias()));
      String y = prefix + "/out";
      graph.addNode(node("Gemm", prefix, List.of(x, prefix + "/W", prefix + "/b"), y));
      x = y;
      if (i < layers.size() - 1) {
        String r = prefix + "/relu";
        graph.addNode(node("Relu", r, List.of(x), r + "/out"));
        x = r + "/out";
      }
    }
    graph.addNode(node("Softmax", task + "/softmax", List.of(x), output).toBuilder()
        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setI(-1)
            .setType(OnnxMl.AttributeProto.AttributeType.INT))
        .build());
  }

  private static OnnxMl.NodeProto node(String op, String name, List<String> inputs, String output) {
    return OnnxMl.NodeProto.newBuilder()
        .setOpType(op)
        .setName(name)
        .addAllInput(inputs)
        .addOutput(output)
        .build();
  }

  private static OnnxMl.ValueInfoProto valueInfo(String name, int width) {
    OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width))
        .build();
    OnnxMl.TypeProto type = OnnxMl.TypeProto.newBuilder()
        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
            .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
            .setShape(shape))
        .build();
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  private static OnnxMl.TensorProto tensor(String name, float[][] matrix) {
    int rows = matrix.length;
    int cols = matrix[0].length;
    ByteBuffer buf = ByteBuffer.allocate(rows * cols * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : matrix) {
      for (float v : row) {
        buf.putFloat(v);
      }
    }
    return floatTensor(name, buf, rows, cols);
  }

  private static OnnxMl.TensorProto tensor(String name, float[] vector) {
    ByteBuffer buf = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : vector) {
      buf.putFloat(v);
    }
    return floatTensor(name, buf, vector.length);
  }

  private static OnnxMl.TensorProto floatTensor(String name, ByteBuffer data, long... dims) {
    OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder()
        .setName(name)
        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
        .setRawData(ByteString.copyFrom(data.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }
}
