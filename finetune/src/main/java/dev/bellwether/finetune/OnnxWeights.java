package dev.bellwether.finetune;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The weights of an fp32 BERT-style encoder graph (a PyTorch ONNX export), keyed by Hugging Face
 * parameter name. Embeddings, biases and LayerNorm weights keep those names in the graph; the
 * MatMul weights have generated names ({@code onnx::MatMul_1525}, stored [in, out]) and are named
 * here after their node ({@code /encoder/layer.0/attention/self/query/MatMul} gives
 * {@code encoder.layer.0.attention.self.query.weight}), checked against the Add that follows and
 * holds the matching bias.
 */
final class OnnxWeights {

  private static final Pattern MATMUL_NODE = Pattern.compile("/(encoder/layer\\.\\d+/.+)/MatMul");

  private final OnnxMl.ModelProto model;
  /** Parameter name to initializer name, in graph order. */
  private final Map<String, String> initializerOf;
  private final Map<String, OnnxMl.TensorProto> initializers;

  private OnnxWeights(OnnxMl.ModelProto model, Map<String, String> initializerOf, Map<String, OnnxMl.TensorProto> initializers) {
    this.model = model;
    this.initializerOf = initializerOf;
    this.initializers = initializers;
  }

  /** Parses an fp32 encoder graph and names its weights. */
  static OnnxWeights read(byte[] onnx) {
    OnnxMl.ModelProto model;
    try {
      model = OnnxMl.ModelProto.parseFrom(onnx);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
    }
    Map<String, OnnxMl.TensorProto> inits = new LinkedHashMap<>();
    for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
      inits.put(t.getName(), t);
    }
    Map<String, String> named = new LinkedHashMap<>();
    Map<String, OnnxMl.NodeProto> consumerOf = new HashMap<>();
    for (OnnxMl.NodeProto n : model.getGraph().getNodeList()) {
      for (String in : n.getInputList()) {
        consumerOf.putIfAbsent(in, n);
      }
    }
    for (OnnxMl.TensorProto t : inits.values()) {
      if (!t.getName().startsWith("onnx::") && t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
        named.put(t.getName(), t.getName());
      }
    }
    for (OnnxMl.NodeProto n : model.getGraph().getNodeList()) {
      Matcher m = MATMUL_NODE.matcher(n.getName());
      if (!n.getOpType().equals("MatMul") || !m.matches() || !inits.containsKey(n.getInput(1))) {
        continue;
      }
      String prefix = m.group(1).replace('/', '.');
      OnnxMl.NodeProto add = consumerOf.get(n.getOutput(0));
      String bias = prefix + ".bias";
      if (add == null || !add.getOpType().equals("Add") || !add.getInputList().contains(bias)) {
        throw new IllegalArgumentException("MatMul " + n.getName() + " is not followed by an Add of " + bias);
      }
      named.put(prefix + ".weight", n.getInput(1));
    }
    return new OnnxWeights(model, named, inits);
  }

  /** Parameter names, embeddings first, then layer by layer as in the graph. */
  List<String> names() {
    return List.copyOf(initializerOf.keySet());
  }

  /** The graph initializer that holds a parameter. */
  String initializer(String parameter) {
    String name = initializerOf.get(parameter);
    if (name == null) {
      throw new IllegalArgumentException("the encoder graph has no parameter " + parameter);
    }
    return name;
  }

  /** Shape of a parameter; MatMul weights are [in, out]. */
  long[] shape(String parameter) {
    return initializers.get(initializer(parameter)).getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** Values of a parameter, row-major. */
  float[] values(String parameter) {
    return floats(initializers.get(initializer(parameter)));
  }

  /** The graph with the given parameters' values replaced (others unchanged). */
  byte[] withValues(Map<String, float[]> parameters) {
    Map<String, float[]> byInitializer = new HashMap<>();
    parameters.forEach((p, v) -> byInitializer.put(initializer(p), v));
    OnnxMl.GraphProto.Builder g = model.getGraph().toBuilder();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      float[] v = byInitializer.get(g.getInitializer(i).getName());
      if (v != null) {
        g.setInitializer(i, withFloats(g.getInitializer(i), v));
      }
    }
    return model.toBuilder().setGraph(g).build().toByteArray();
  }

  static float[] floats(OnnxMl.TensorProto t) {
    if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
      throw new IllegalArgumentException(t.getName() + " is not a float tensor");
    }
    if (t.getFloatDataCount() > 0) {
      float[] out = new float[t.getFloatDataCount()];
      for (int i = 0; i < out.length; i++) {
        out[i] = t.getFloatData(i);
      }
      return out;
    }
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[raw.remaining() / Float.BYTES];
    raw.asFloatBuffer().get(out);
    return out;
  }

  static OnnxMl.TensorProto withFloats(OnnxMl.TensorProto t, float[] v) {
    long size = t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
    if (size != v.length) {
      throw new IllegalArgumentException(t.getName() + " holds " + size + " values, got " + v.length);
    }
    OnnxMl.TensorProto.Builder b = t.toBuilder();
    if (t.getFloatDataCount() > 0) {
      b.clearFloatData();
      for (float x : v) {
        b.addFloatData(x);
      }
    } else {
      ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(v);
      b.setRawData(ByteString.copyFrom(buf.array()));
    }
    return b.build();
  }
}
