package dev.bellwether.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bellwether.classifier.model.ContentHash;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Re-quantising by the documented rule reproduces the shipped int8 encoder exactly. */
class Int8GraphTest {

  @Test
  void requantisingTheOriginalFp32WeightsRebuildsTheShippedInt8GraphByteForByte() {
    OnnxWeights fp32 = OnnxWeights.read(BaseEncoder.fp32());
    byte[] shipped = BaseEncoder.int8();

    byte[] rebuilt = Int8Graph.requantise(shipped, byInitializer(fp32));

    assertThat(ContentHash.of(rebuilt)).isEqualTo(ContentHash.of(shipped));
  }

  @Test
  void perColumnScaleIsMaxAbsOver64AndValuesStayWithin64() {
    float[] w = {0.5f, -2f, -1f, 1f, 0.25f, 0.5f};

    Int8Graph.Quantised q = Int8Graph.perColumnInt8(w, 2);

    assertThat(q.scales()).containsExactly(1f / 64, 2f / 64);
    assertThat(q.values()).containsExactly(32, -64, -64, 32, 16, 16);
  }

  @Test
  void dequantisingTheShippedGraphGivesTheFp32WeightsWithinHalfAStepAndRequantisesToTheSameMatMuls() {
    OnnxWeights fp32 = OnnxWeights.read(BaseEncoder.fp32());
    Map<String, float[]> original = byInitializer(fp32);

    Map<String, float[]> dequantised = Int8Graph.dequantise(BaseEncoder.int8());

    assertThat(dequantised.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet());
    String query = fp32.initializer("encoder.layer.0.attention.self.query.weight");
    float[] w = original.get(query);
    float[] d = dequantised.get(query);
    int columns = (int) fp32.shape("encoder.layer.0.attention.self.query.weight")[1];
    Int8Graph.Quantised q = Int8Graph.perColumnInt8(w, columns);
    for (int i = 0; i < w.length; i++) {
      assertThat(Math.abs(d[i] - w[i])).isLessThanOrEqualTo(q.scales()[i % columns] / 2 + 1e-7f);
    }
    assertThat(Int8Graph.perColumnInt8(d, columns).values()).containsExactly(q.values());
    assertThat(dequantised.get("embeddings.LayerNorm.weight")).containsExactly(original.get("embeddings.LayerNorm.weight"));
  }

  @Test
  void refusesAGraphWhoseWeightsAreNotAllGiven() {
    Map<String, float[]> none = new HashMap<>();

    assertThatThrownBy(() -> Int8Graph.requantise(BaseEncoder.int8(), none))
        .hasMessageContaining("no fp32 values for");
  }

  static Map<String, float[]> byInitializer(OnnxWeights weights) {
    Map<String, float[]> out = new HashMap<>();
    for (String p : weights.names()) {
      out.put(weights.initializer(p), weights.values(p));
    }
    return out;
  }
}
