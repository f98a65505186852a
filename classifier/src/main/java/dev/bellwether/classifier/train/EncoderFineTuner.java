package dev.bellwether.classifier.train;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Fine-tuning of the encoder jointly with the topic and sentiment heads, writing a model version
 * whose int8 encoder graph sits next to its manifest. Provided by the optional
 * {@code bellwether-finetune} module through {@link ServiceLoader}, so that its PyTorch natives
 * (hundreds of MB) never join the serving class path.
 */
public interface EncoderFineTuner {

  /** Where to build the provider when {@link #find()} finds none. */
  String HOW_TO_GET =
      "fine-tuning needs the finetune module: build it with 'mvn -DskipTests package -pl finetune -am' "
          + "and run './bellwether train --fine-tune ...' (the script adds finetune/target to the class path)";

  /** {@code --teacher} value that names the bundled model. */
  String BUNDLED_TEACHER = "bundled";

  /**
   * What to fine-tune.
   *
   * @param base data root, output folder, seed, max tokens, threads, example limit and version name
   * @param epochs passes over the joint training data
   * @param batchSize examples per step (half sentiment, half topic when both have data left)
   * @param learningRate peak AdamW step size of the encoder; the heads use ten times more
   * @param warmupFraction share of the steps over which the step size rises linearly from 0
   * @param maxSteps stop after this many steps, 0 for no limit (smoke runs)
   * @param freezeWordEmbeddings keep the 30,522 x 384 word-piece table fixed, which saves most of
   *     the optimiser's time and memory
   * @param quantisationAware train through the int8 graph's rounding (simulated, straight-through
   *     gradients), so the served int8 encoder computes what was trained
   * @param teacher model version whose predictions give every training text a soft label for the
   *     task it has no label for ({@link #BUNDLED_TEACHER} for the bundled model), or null for none
   * @param teacherWeight weight of a teacher label in the loss; a gold label weighs 1
   * @param warmStart model version whose encoder (its int8 weights, dequantised) and heads training
   *     starts from ({@link #BUNDLED_TEACHER} for the bundled model), or null to start from the
   *     original bge-small weights and the frozen-encoder model's heads
   * @param wireShare fraction of the training examples that also go in as a wire-style copy
   *     ({@link WireStyle}), 0 for none
   * @param tweetShare fraction of the sentiment tweets trained on, 1 for all; news headlines and
   *     snippets and the topic tweets (the only topic labels) are always all kept
   * @param timeBudgetMinutes stop the training steps after this many minutes, 0 for no limit: the
   *     learning-rate schedule then follows the larger of the step and the time fraction, so a run
   *     on a busy machine still warms up and decays to 0 within its budget
   */
  record Settings(
      Trainer.Settings base, int epochs, int batchSize, double learningRate, double warmupFraction, int maxSteps,
      boolean freezeWordEmbeddings, boolean quantisationAware, String teacher, double teacherWeight, String warmStart,
      double wireShare, double tweetShare, int timeBudgetMinutes) {

    /** Settings that start from the original weights, without wire-style copies. */
    public Settings(
        Trainer.Settings base, int epochs, int batchSize, double learningRate, double warmupFraction, int maxSteps,
        boolean freezeWordEmbeddings, boolean quantisationAware, String teacher, double teacherWeight) {
      this(base, epochs, batchSize, learningRate, warmupFraction, maxSteps, freezeWordEmbeddings, quantisationAware,
          teacher, teacherWeight, null, 0, 1, 0);
    }

    /** Checks ranges, naming the option to fix. */
    public Settings {
      if (epochs < 1) {
        throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
      }
      if (batchSize < 2) {
        throw new IllegalArgumentException("--batch-size must be at least 2, got " + batchSize);
      }
      if (!(learningRate > 0 && learningRate < 1)) {
        throw new IllegalArgumentException("--learning-rate must be in (0, 1), got " + learningRate);
      }
      if (!(warmupFraction >= 0 && warmupFraction < 1)) {
        throw new IllegalArgumentException("--warmup must be in [0, 1), got " + warmupFraction);
      }
      if (maxSteps < 0) {
        throw new IllegalArgumentException("--max-steps must be 0 (no limit) or more, got " + maxSteps);
      }
      if (!(teacherWeight > 0 && teacherWeight <= 10)) {
        throw new IllegalArgumentException("--teacher-weight must be in (0, 10], got " + teacherWeight);
      }
      if (timeBudgetMinutes < 0) {
        throw new IllegalArgumentException("--time-budget must be 0 (none) or more minutes, got " + timeBudgetMinutes);
      }
      if (!(tweetShare > 0 && tweetShare <= 1)) {
        throw new IllegalArgumentException("--tweet-share must be in (0, 1], got " + tweetShare);
      }
      if (!(wireShare >= 0 && wireShare <= 1)) {
        throw new IllegalArgumentException("--wire-share must be in [0, 1], got " + wireShare);
      }
    }
  }

  /**
   * Runs fine-tuning and writes the new model version.
   *
   * @param log receives progress lines with ETA
   */
  Trainer.Outcome fineTune(Settings settings, PrintStream log, Clock clock);

  /** The provider on the class path, if the finetune module is there. */
  static Optional<EncoderFineTuner> find() {
    Iterator<EncoderFineTuner> it = ServiceLoader.load(EncoderFineTuner.class).iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }
}
