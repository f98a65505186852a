package dev.bellwether.classifier.model;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** ONNX Runtime session options shared by the encoder and the heads. */
final class Sessions {

  private Sessions() {}

  static OrtSession.SessionOptions options(int intraOpThreads) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(intraOpThreads);
    options.setInterOpNumThreads(1);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    // Idle ONNX Runtime threads sleep instead of spinning: in the pipeline they share two cores
    // with the Kafka clients (and the embedded broker), which spinning threads starve.
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    return options;
  }
}
