package dev.bellwether.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The encoder rebuilt in DJL from the fp32 graph's weights computes what ONNX Runtime computes. */
class EncoderParityTest {

  static final List<String> TEXTS = List.of(
      "Acme shares plunge 12% after the SEC opens a fraud probe into its accounting",
      "Fed holds rates",
      "Globex beats estimates; raises full-year guidance on strong cloud demand and lower costs",
      "Oil rises as OPEC+ agrees deeper output cuts, Brent tops $90 a barrel for the first time since 2023",
      "$TSLA",
      "Initech names new CFO");

  @Test
  void lastHiddenStateMatchesOnnxRuntimeOnTheOriginalWeights() throws Exception {
    byte[] fp32 = BaseEncoder.fp32();
    BaseEncoder.pytorch(Path.of("target/djl-cache"), 1);
    try (Tokens tokens = Tokens.load(128); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Tokens.Batch batch = tokens.batch(TEXTS);
      BertEncoder encoder = BertEncoder.of(OnnxWeights.read(fp32), BaseEncoder.HEADS, manager);
      NDArray[] in = batch.arrays(manager);
      float[] djl = encoder.forward(in[0], in[1], in[2]).toFloatArray();
      float[] ort = onnxRuntime(fp32, batch);

      assertThat(djl).hasSameSizeAs(ort);
      double maxDiff = 0;
      for (int i = 0; i < ort.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(djl[i] - ort[i]));
      }
      System.out.printf("encoder parity: %d texts x %d tokens x 384, max |DJL - ORT| = %.3g%n",
          batch.size(), batch.length(), maxDiff);
      assertThat(maxDiff).isLessThan(1e-4);
    }
  }

  static float[] onnxRuntime(byte[] graph, Tokens.Batch batch) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {batch.size(), batch.length()};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try (OrtSession session = env.createSession(graph, new OrtSession.SessionOptions())) {
      inputs.put("input_ids", OnnxTensor.createTensor(env, flat(batch.ids()), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, flat(batch.mask()), shape));
      inputs.put("token_type_ids", OnnxTensor.createTensor(env, flat(batch.types()), shape));
      try (OrtSession.Result r = session.run(inputs)) {
        FloatBuffer out = ((OnnxTensor) r.get("last_hidden_state").orElseThrow()).getFloatBuffer();
        float[] values = new float[out.remaining()];
        out.get(values);
        return values;
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private static LongBuffer flat(long[][] rows) {
    LongBuffer b = LongBuffer.allocate(rows.length * rows[0].length);
    for (long[] r : rows) {
      b.put(r);
    }
    return b.rewind();
  }
}
