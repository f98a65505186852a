package dev.bellwether.config;

import java.time.Duration;

/**
 * The scoring stage.
 *
 * @param modelDir directory of a model version written by {@code bellwether train}; empty uses the bundled model
 * @param intraOpThreads ONNX Runtime threads per inference call
 * @param maxTokens longest token sequence fed to the encoder; longer texts are cut and flagged
 * @param batchSize most items scored in one encoder pass by the scoring topology; 1 scores each
 *     item alone, which makes its score independent of what it was batched with
 * @param maxBatchDelay longest an item waits for its batch to fill
 * @param modelPollInterval how often {@code modelDir} is checked for a new model version, which is
 *     then loaded without a restart; zero turns the check off
 * @param maxChunks most pieces (headline plus body sentence groups) one item is scored as; body
 *     text beyond them is cut and flagged
 * @param titleWeight share of the headline in an item's scores when its body is scored too
 * @param maxFutureSkew how far after now an item's {@code published_at} may be before the item is
 *     dead-lettered; absent: {@link #DEFAULT_MAX_FUTURE_SKEW}
 */
public record ClassifierConfig(
    String modelDir, int intraOpThreads, int maxTokens, int batchSize, Duration maxBatchDelay,
    Duration modelPollInterval, int maxChunks, double titleWeight, Duration maxFutureSkew) {

  /** Kafka's own default for how far ahead a broker accepts record timestamps. */
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofHours(1);

  /** Checks every value. */
  public ClassifierConfig {
    modelDir = modelDir == null ? "" : modelDir.trim();
    Check.atLeast("intra-op-threads", intraOpThreads, 1);
    Check.atLeast("max-tokens", maxTokens, 8);
    Check.atLeast("batch-size", batchSize, 1);
    Check.positive("max-batch-delay", maxBatchDelay);
    Check.nonNegative("model-poll-interval", modelPollInterval);
    Check.atLeast("max-chunks", maxChunks, 1);
    maxFutureSkew = maxFutureSkew == null ? DEFAULT_MAX_FUTURE_SKEW : maxFutureSkew;
    Check.nonNegative("max-future-skew", maxFutureSkew);
    if (maxTokens > 512) {
      throw new InvalidSettingException("max-tokens", maxTokens, "must be at most 512, the encoder's limit");
    }
    if (!(titleWeight >= 0 && titleWeight <= 1)) {
      throw new InvalidSettingException("title-weight", titleWeight, "must be between 0 and 1");
    }
  }

  /** The settings with the default {@code max-future-skew}. */
  public ClassifierConfig(String modelDir, int intraOpThreads, int maxTokens, int batchSize, Duration maxBatchDelay,
      Duration modelPollInterval, int maxChunks, double titleWeight) {
    this(modelDir, intraOpThreads, maxTokens, batchSize, maxBatchDelay, modelPollInterval, maxChunks, titleWeight,
        DEFAULT_MAX_FUTURE_SKEW);
  }

  /** The settings without hot reloading; an item is scored as at most 16 pieces, headline only. */
  public ClassifierConfig(String modelDir, int intraOpThreads, int maxTokens, int batchSize, Duration maxBatchDelay) {
    this(modelDir, intraOpThreads, maxTokens, batchSize, maxBatchDelay, Duration.ZERO, 16, 1.0);
  }
}
