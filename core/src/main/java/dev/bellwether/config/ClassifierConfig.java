package dev.bellwether.config;

/**
 * The scoring stage.
 *
 * @param modelDir directory of a model version written by {@code bellwether train}; empty uses the bundled model
 * @param intraOpThreads ONNX Runtime threads per inference call
 * @param maxTokens longest token sequence fed to the encoder; longer texts are cut and flagged
 * @param batchSize most items scored in one encoder pass by the scoring topology; 1 scores each
 *     item alone, which makes its score independent of what it was batched with
 * @param maxBatchDelay longest an item waits for its batch to fill
 */
public record ClassifierConfig(
    String modelDir, int intraOpThreads, int maxTokens, int batchSize, java.time.Duration maxBatchDelay) {

  /** Checks every value. */
  public ClassifierConfig {
    modelDir = modelDir == null ? "" : modelDir.trim();
    Check.atLeast("intra-op-threads", intraOpThreads, 1);
    Check.atLeast("max-tokens", maxTokens, 8);
    Check.atLeast("batch-size", batchSize, 1);
    Check.positive("max-batch-delay", maxBatchDelay);
    if (maxTokens > 512) {
      throw new InvalidSettingException("max-tokens", maxTokens, "must be at most 512, the encoder's limit");
    }
  }
}
