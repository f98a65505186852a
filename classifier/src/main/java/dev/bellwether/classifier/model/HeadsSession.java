package dev.bellwether.classifier.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/** The ONNX Runtime session of the heads graph, checked against its manifest when loaded. */
final class HeadsSession implements AutoCloseable {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;
  private final String topicOutput;
  private final String sentimentOutput;
  private final int width;

  /** Class probabilities of a batch, one row per text. */
  record Probabilities(float[][] topic, float[][] sentiment) {}

  private HeadsSession(OrtEnvironment env, OrtSession session, ModelManifest.Heads heads, int width) {
    this.env = env;
    this.session = session;
    this.input = heads.input();
    this.topicOutput = heads.outputs().topic();
    this.sentimentOutput = heads.outputs().sentiment();
    this.width = width;
  }

  /**
   * Loads the heads and refuses them unless their input and output names and widths match the
   * manifest's heads section, its label counts and the encoder's vector width.
   */
  static HeadsSession load(byte[] graph, ModelManifest manifest, int encoderWidth, int threads, String where) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (OrtSession.SessionOptions options = Sessions.options(threads)) {
      session = env.createSession(graph, options);
    } catch (OrtException e) {
      throw new ModelLoadException(where + ": ONNX Runtime cannot load the heads: " + e.getMessage(), e);
    }
    try {
      check(session, manifest, encoderWidth, where);
      return new HeadsSession(env, session, manifest.heads(), encoderWidth);
    } catch (OrtException | RuntimeException e) {
      closeQuietly(session, e);
      if (e instanceof ModelLoadException) {
        throw (ModelLoadException) e;
      }
      throw new ModelLoadException(where + ": cannot inspect the heads: " + e.getMessage(), e);
    }
  }

  private static void check(OrtSession session, ModelManifest m, int encoderWidth, String where) throws OrtException {
    ModelManifest.Heads heads = m.heads();
    if (!session.getInputNames().equals(java.util.Set.of(heads.input()))) {
      throw new ModelLoadException(where + ": heads input is " + session.getInputNames()
          + " but the manifest names '" + heads.input() + "'");
    }
    long inWidth = lastDim(session.getInputInfo().get(heads.input()));
    if (inWidth != encoderWidth) {
      throw new ModelLoadException(where + ": heads take embeddings " + inWidth
          + " wide but the encoder gives " + encoderWidth);
    }
    checkOutput(session, heads.outputs().topic(), "topic", m.labels().topic(), where);
    checkOutput(session, heads.outputs().sentiment(), "sentiment", m.labels().sentiment(), where);
  }

  private static void checkOutput(OrtSession session, String name, String task, List<String> labels, String where)
      throws OrtException {
    NodeInfo info = session.getOutputInfo().get(name);
    if (info == null) {
      throw new ModelLoadException(where + ": heads have no " + task + " output '" + name
          + "'; they have " + session.getOutputNames());
    }
    long w = lastDim(info);
    if (w != labels.size()) {
      throw new ModelLoadException(where + ": " + task + " output '" + name + "' is " + w
          + " wide but the manifest lists " + labels.size() + " " + task + " labels");
    }
  }

  private static long lastDim(NodeInfo info) {
    long[] shape = ((TensorInfo) info.getInfo()).getShape();
    return shape[shape.length - 1];
  }

  Probabilities run(float[][] embeddings) {
    int n = embeddings.length;
    FloatBuffer buf = FloatBuffer.allocate(n * width);
    for (float[] row : embeddings) {
      buf.put(row);
    }
    buf.rewind();
    try (OnnxTensor in = OnnxTensor.createTensor(env, buf, new long[] {n, width});
        OrtSession.Result out = session.run(Map.of(input, in))) {
      return new Probabilities(
          rows(out, topicOutput, n), rows(out, sentimentOutput, n));
    } catch (OrtException e) {
      throw new IllegalStateException("heads failed on a batch of " + n + ": " + e.getMessage(), e);
    }
  }

  private static float[][] rows(OrtSession.Result out, String name, int n) {
    OnnxTensor t = (OnnxTensor) out.get(name).orElseThrow();
    FloatBuffer fb = t.getFloatBuffer();
    int w = fb.remaining() / Math.max(1, n);
    float[][] rows = new float[n][w];
    for (int i = 0; i < n; i++) {
      fb.get(rows[i]);
    }
    return rows;
  }

  private static void closeQuietly(OrtSession session, Exception primary) {
    try {
      session.close();
    } catch (OrtException e) {
      primary.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close heads session", e);
    }
  }
}
