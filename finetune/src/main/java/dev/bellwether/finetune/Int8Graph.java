package dev.bellwether.finetune;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes fp32 weights into the shipped int8 encoder graph, quantised by the rule that produced it
 * (ONNX Runtime's dynamic quantisation), so a fine-tuned encoder runs through the very graph and
 * kernels that serving uses today:
 * <ul>
 *   <li>MatMul weights ({@code X_quantized} int8 [in, out], {@code X_scale} [out], zero point 0):
 *       per output column, scale = max|w| / 64 and q = rint(w / scale) in [-64, 64];</li>
 *   <li>embedding tables ({@code X_quantized} uint8, one scale, zero point 128): scale =
 *       2 max|w| / 255 and q = rint(w / scale) + 128 in [0, 255];</li>
 *   <li>every other fp32 initializer (biases, LayerNorm) is copied as it is.</li>
 * </ul>
 * Applied to the original fp32 weights this rebuilds the shipped int8 file byte for byte (tested).
 */
final class Int8Graph {

  private static final String QUANTIZED = "_quantized";
  private static final String SCALE = "_scale";
  private static final String ZERO_POINT = "_zero_point";

  private Int8Graph() {}

  /**
   * The int8 graph with new weights.
   *
   * @param template the shipped int8 graph
   * @param fp32 new values by fp32 initializer name (as in the fp32 graph); every weight that the
   *     template holds, quantised or not, must be given
   */
  static byte[] requantise(byte[] template, Map<String, float[]> fp32) {
    OnnxMl.ModelProto model;
    try {
      model = OnnxMl.ModelProto.parseFrom(template);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
    }
    OnnxMl.GraphProto.Builder g = model.getGraph().toBuilder();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      index.put(g.getInitializer(i).getName(), i);
    }
    Set<String> used = new HashSet<>();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      OnnxMl.TensorProto t = g.getInitializer(i);
      String name = t.getName();
      if (name.endsWith(QUANTIZED)) {
        String base = name.substring(0, name.length() - QUANTIZED.length());
        float[] w = required(fp32, base, used);
        int scaleAt = index.get(base + SCALE);
        OnnxMl.TensorProto scale = g.getInitializer(scaleAt);
        boolean unsigned = t.getDataType() == OnnxMl.TensorProto.DataType.UINT8.getNumber();
        Quantised q = unsigned ? perTensorUint8(w) : perColumnInt8(w, (int) t.getDims(t.getDimsCount() - 1));
        g.setInitializer(i, t.toBuilder().setRawData(ByteString.copyFrom(q.values())).build());
        g.setInitializer(scaleAt, OnnxWeights.withFloats(scale, q.scales()));
      } else if (t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber() && !name.endsWith(SCALE)) {
        g.setInitializer(i, OnnxWeights.withFloats(t, required(fp32, name, used)));
      }
    }
    return model.toBuilder().setGraph(g).build().toByteArray();
  }

  /**
   * The fp32 weights an int8 graph of this shape computes with, by fp32 initializer name: the
   * inverse of {@link #requantise} up to its rounding. Quantised tensors are dequantised with their
   * scales and zero points; other fp32 initializers are copied.
   */
  static Map<String, float[]> dequantise(byte[] int8) {
    OnnxMl.GraphProto g;
    try {
      g = OnnxMl.ModelProto.parseFrom(int8).getGraph();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
    }
    Map<String, OnnxMl.TensorProto> byName = new HashMap<>();
    for (OnnxMl.TensorProto t : g.getInitializerList()) {
      byName.put(t.getName(), t);
    }
    Map<String, float[]> out = new HashMap<>();
    for (OnnxMl.TensorProto t : g.getInitializerList()) {
      String name = t.getName();
      if (name.endsWith(QUANTIZED)) {
        String base = name.substring(0, name.length() - QUANTIZED.length());
        float[] scales = OnnxWeights.floats(byName.get(base + SCALE));
        boolean unsigned = t.getDataType() == OnnxMl.TensorProto.DataType.UINT8.getNumber();
        OnnxMl.TensorProto zp = byName.get(base + ZERO_POINT);
        byte[] q = t.getRawData().toByteArray();
        int columns = (int) t.getDims(t.getDimsCount() - 1);
        float[] w = new float[q.length];
        for (int i = 0; i < q.length; i++) {
          int c = scales.length == 1 ? 0 : i % columns;
          int zero = zp == null ? (unsigned ? 128 : 0) : zeroPoint(zp, c, unsigned);
          int v = unsigned ? (q[i] & 0xff) : q[i];
          w[i] = (v - zero) * scales[c];
        }
        out.put(base, w);
      } else if (t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber() && !name.endsWith(SCALE)) {
        out.put(name, OnnxWeights.floats(t));
      }
    }
    return out;
  }

  private static int zeroPoint(OnnxMl.TensorProto zp, int column, boolean unsigned) {
    byte[] raw = zp.getRawData().toByteArray();
    if (raw.length == 0) {
      return zp.getInt32DataCount() == 0 ? (unsigned ? 128 : 0) : zp.getInt32Data(zp.getInt32DataCount() == 1 ? 0 : column);
    }
    byte b = raw[raw.length == 1 ? 0 : column];
    return unsigned ? b & 0xff : b;
  }

  private static float[] required(Map<String, float[]> fp32, String name, Set<String> used) {
    float[] w = fp32.get(name);
    if (w == null) {
      throw new IllegalArgumentException("no fp32 values for " + name + ", which the int8 graph holds");
    }
    used.add(name);
    return w;
  }

  /** Quantised bytes and their scales. */
  record Quantised(byte[] values, float[] scales) {}

  static Quantised perColumnInt8(float[] w, int columns) {
    float[] maxAbs = new float[columns];
    for (int i = 0; i < w.length; i++) {
      int c = i % columns;
      maxAbs[c] = Math.max(maxAbs[c], Math.abs(w[i]));
    }
    float[] scales = new float[columns];
    for (int c = 0; c < columns; c++) {
      scales[c] = maxAbs[c] == 0 ? 1f : maxAbs[c] * 2f / 128f;
    }
    byte[] q = new byte[w.length];
    for (int i = 0; i < w.length; i++) {
      q[i] = (byte) clamp(Math.rint(w[i] / scales[i % columns]), -64, 64);
    }
    return new Quantised(q, scales);
  }

  static Quantised perTensorUint8(float[] w) {
    float maxAbs = 0;
    for (float x : w) {
      maxAbs = Math.max(maxAbs, Math.abs(x));
    }
    float scale = maxAbs == 0 ? 1f : maxAbs * 2f / 255f;
    byte[] q = new byte[w.length];
    for (int i = 0; i < w.length; i++) {
      q[i] = (byte) clamp(Math.rint(w[i] / scale) + 128, 0, 255);
    }
    return new Quantised(q, new float[] {scale});
  }

  private static int clamp(double v, int lo, int hi) {
    return (int) Math.max(lo, Math.min(hi, v));
  }
}
