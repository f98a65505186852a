package dev.bellwether.launcher;

import dev.bellwether.UserFacingException;
import dev.bellwether.classifier.train.Calibrator;
import dev.bellwether.classifier.train.EncoderFineTuner;
import dev.bellwether.classifier.train.FeedbackCorrection;
import dev.bellwether.classifier.train.FeedbackTrainer;
import dev.bellwether.classifier.train.Trainer;
import dev.bellwether.kafka.Topics;
import dev.bellwether.ops.feedback.FeedbackSource;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code train} command: trains new topic and sentiment heads and writes a model version. */
@Command(
    name = "train",
    header = "Train the model heads on labelled data sets and write a new model version.",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the topic and sentiment heads on top of the frozen bge-small-en-v1.5 encoder and",
      "writes a new model version directory (manifest.json + heads.onnx) under --out. Prints",
      "progress with an ETA on stderr, then where the version went and its metrics on the",
      "de-duplicated validation splits. The same --seed gives the same head weights.",
      "Before it reports, each head's temperature is fitted on the dev split so that its",
      "probabilities match how often it is right (see 'calibrate --help'; --no-calibrate skips it).",
      "",
      "--data is a folder holding the three public data sets, as in classifier/MODEL.md:",
      "  twitter-financial-news-sentiment/sent_train.csv, sent_valid.csv   (MIT, zeroshot)",
      "  sentfin-1.0/SEntFiN.csv                                           (MIT, Sinha et al.)",
      "  twitter-financial-news-topic/topic_train.csv, topic_valid.csv, classes.txt (MIT, zeroshot)",
      "  finentity/FinEntity.json                        (ODC-BY, Tang et al.; optional)",
      "Nothing is downloaded; the data is read in place, never copied. 800 SEntFiN and FinEntity",
      "items also carry hand topic labels (ids and labels are in the classifier module; the texts",
      "are read from --data); with --fine-tune each is trained on 3 times per epoch.",
      "",
      "--fine-tune trains the encoder itself jointly with both heads (DJL + PyTorch, CPU) and",
      "writes its int8 graph (encoder.onnx, quantised like the shipped one) next to the heads.",
      "It needs the finetune module (built by 'mvn package'; the bellwether script adds it) and",
      "takes about 1 h on 2 cores for 3 epochs: try --max-steps 50 --limit 500 first.",
      "With --teacher, a trained version first labels every training text for the task it has no",
      "label for (the topic of a sentiment text, the sentiment of a topic text); these soft labels,",
      "weighted by --teacher-weight, train the other head too, which doubles the topic head's texts.",
      "",
      "--with-feedback learns from analysts' label corrections (the 'feedback' topic, read",
      "committed, or a JSON-lines export of it given with --feedback-from): the latest correction",
      "per item counts; a share of the corrected items (by item id hash) is held out. The heads of",
      "the current model (--out/current, else the bundled model) keep training on the base data",
      "plus the corrections, each correction counting --feedback-weight times. The candidate and",
      "the current model are scored on the same held-out sets: the base validation splits and the",
      "held-out corrections. Promotion rule: for every task, base validation accuracy at most",
      "--tolerance below the current model's AND held-out-correction accuracy at least the current",
      "model's. A promoted version is written to --out/VERSION and --out/current is re-pointed at it",
      "(a pipeline with classifier.model-dir=--out/current swaps it in within model-poll-interval);",
      "otherwise it goes to --out/candidates/VERSION. Either way comparison.json and comparison.txt",
      "are written next to it. Exit code 0 when promoted, 3 when not.",
      "",
      "Examples:",
      "  bellwether train --data /data --cache ~/.cache/bellwether",
      "  bellwether train --data /data --seed 7 --out models",
      "  bellwether train --data /data --fine-tune --max-steps 50 --limit 500",
      "  bellwether train --data /data --fine-tune --epochs 3 --batch-size 16 --learning-rate 5e-5",
      "  bellwether train --data /data --fine-tune --teacher bundled --version-name 2026-12-02.ft3",
      "  bellwether export --topic feedback --bootstrap-servers 127.0.0.1:9192 --out feedback.jsonl",
      "  bellwether train --data /data --with-feedback --feedback-from feedback.jsonl --out models --cache ~/.cache/bellwether",
      "  bellwether train --data /data --with-feedback --bootstrap-servers 127.0.0.1:9192 --out models",
      ""
    })
public final class TrainCommand implements Callable<Integer> {

  @Mixin TrainingDataOptions dataOptions;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--fine-tune", description = "Fine-tune the encoder jointly with the heads (needs the finetune module).")
  boolean fineTune;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "With --fine-tune: passes over the data (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16", description = "With --fine-tune: texts per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--learning-rate", paramLabel = "X", defaultValue = "5e-5",
      description = "With --fine-tune: peak AdamW step size of the encoder; heads use 10x (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--warmup", paramLabel = "X", defaultValue = "0.06",
      description = "With --fine-tune: share of the steps with a linearly rising step size (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--max-steps", paramLabel = "N", defaultValue = "0",
      description = "With --fine-tune: stop after N steps, for a smoke run; 0 runs all epochs (default).")
  int maxSteps;

  @Option(names = "--train-word-embeddings",
      description = "With --fine-tune: also train the 30,522-row word-piece table (slower; frozen by default).")
  boolean trainWordEmbeddings;

  @Option(names = "--quantisation-aware",
      description = "With --fine-tune: train through the int8 encoder's rounding (simulated), so serving computes what was trained.")
  boolean quantisationAware;

  @Option(names = "--teacher", paramLabel = "DIR|bundled",
      description = "With --fine-tune: a model version (or 'bundled') whose predictions give each text a soft label for the "
          + "task it has none for, so both heads learn from every text (default: gold labels only).")
  String teacher;

  @Option(names = "--teacher-weight", paramLabel = "X", defaultValue = "0.5",
      description = "With --teacher: weight of a teacher label in the loss; a gold label weighs 1 (default: ${DEFAULT-VALUE}).")
  double teacherWeight;

  @Option(names = "--warm-start", paramLabel = "DIR|bundled",
      description = "With --fine-tune: start from this model version's encoder (its int8 weights, dequantised) and heads "
          + "instead of the original bge-small weights and the frozen-encoder heads; fewer epochs then suffice.")
  String warmStart;

  @Option(names = "--wire-share", paramLabel = "X", defaultValue = "0.15",
      description = "With --fine-tune: fraction of the training texts also given as a news-wire-style copy (upper case, "
          + "QTR, NET, SHR, PCT, MLN, DLRS, ...) with the same labels (default: ${DEFAULT-VALUE}; 0 for none).")
  double wireShare;

  @Option(names = "--tweet-share", paramLabel = "X", defaultValue = "1",
      description = "With --fine-tune: fraction of the sentiment tweets trained on, so that tweets need not dominate; "
          + "news headlines and snippets, and the topic tweets (the only topic labels), are all kept (default: ${DEFAULT-VALUE}).")
  double tweetShare;

  @Option(names = "--time-budget", paramLabel = "MINUTES", defaultValue = "0",
      description = "With --fine-tune: end the training steps after this many minutes, with the learning rate warming up "
          + "and decaying over the budget (for busy machines; default: ${DEFAULT-VALUE}, no limit).")
  int timeBudget;

  @Option(names = "--no-calibrate",
      description = "Leave the new version's probabilities as trained (default: fit each head's temperature on the dev split, see 'calibrate --help').")
  boolean noCalibrate;

  @Option(names = "--with-feedback", description = "Retrain the current model's heads with analysts' corrections and promote by rule (see above).")
  boolean withFeedback;

  @Option(names = "--feedback-from", paramLabel = "FILE.jsonl",
      description = "With --with-feedback: read corrections from this export of the feedback topic (or bare feedback records, one per line) instead of Kafka.")
  Path feedbackFrom;

  @Option(names = "--feedback-weight", paramLabel = "N", defaultValue = "5",
      description = "With --with-feedback: how many base examples one correction counts as (default: ${DEFAULT-VALUE}).")
  int feedbackWeight;

  @Option(names = "--tolerance", paramLabel = "X", defaultValue = "0.005",
      description = "With --with-feedback: largest base-validation accuracy drop that still promotes (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(names = "--held-out-percent", paramLabel = "N", defaultValue = "25",
      description = "With --with-feedback: share of corrected items held out to judge the candidate (default: ${DEFAULT-VALUE}).")
  int heldOutPercent;

  @Option(names = "--feedback-epochs", paramLabel = "N", defaultValue = "2",
      description = "With --with-feedback: passes over base data plus corrections (default: ${DEFAULT-VALUE}).")
  int feedbackEpochs;

  @Option(names = "--feedback-learning-rate", paramLabel = "X", defaultValue = "1e-4",
      description = "With --with-feedback: Adam step size for the heads (default: ${DEFAULT-VALUE}).")
  double feedbackLearningRate;

  @Mixin OpsOptions ops;

  @Spec CommandSpec spec;

  /** A command with default options, as picocli creates it. */
  public TrainCommand() {}

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintStream log = System.err;
    Trainer.Settings base = dataOptions.settings(seed);
    if (teacher != null && !fineTune) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--teacher labels texts for fine-tuning the encoder; add --fine-tune or leave out --teacher " + teacher);
    }
    if (withFeedback) {
      return trainWithFeedback(base, stdout, log);
    }
    Trainer.Outcome o;
    if (fineTune) {
      EncoderFineTuner tuner = EncoderFineTuner.find().orElseThrow(
          () -> new UserFacingException("train --fine-tune: " + EncoderFineTuner.HOW_TO_GET, null));
      EncoderFineTuner.Settings settings;
      try {
        settings = new EncoderFineTuner.Settings(
            base, epochs, batchSize, learningRate, warmup, maxSteps, !trainWordEmbeddings, quantisationAware, teacher,
            teacherWeight, warmStart, wireShare, tweetShare, timeBudget);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      o = tuner.fineTune(settings, log, Clock.systemUTC());
    } else {
      o = Trainer.train(base, !noCalibrate, log, Clock.systemUTC());
    }
    if (!noCalibrate && o.topicCalibration() == null) {
      // A fine-tuned version has a new encoder: its dev texts are encoded anew to fit the temperatures.
      o = o.calibrated(Calibrator.calibrateInPlace(o.directory(), base, log, Clock.systemUTC()));
    }
    if (o.topicCalibration() != null) {
      Calibrator.Head t = o.topicCalibration();
      Calibrator.Head sent = o.sentimentCalibration();
      stdout.printf(Locale.ROOT, "calibrated: temperature %.3f (topic), %.3f (sentiment); validation ECE %.3f -> %.3f "
              + "(topic), %.3f -> %.3f (sentiment)%n", t.dev().temperature(), sent.dev().temperature(),
          t.validBefore().ece(), t.validAfter().ece(), sent.validBefore().ece(), sent.validAfter().ece());
    }
    stdout.printf("wrote %s%n", o.directory());
    stdout.printf("model %s%n", o.id().display());
    stdout.printf(Locale.ROOT, "sentiment (valid, %d texts): accuracy %.4f, macro-F1 %.4f%n",
        o.sentiment().total(), o.sentiment().accuracy(), o.sentiment().macroF1());
    stdout.printf(Locale.ROOT, "topic (valid, %d texts): accuracy %.4f, macro-F1 %.4f%n",
        o.topic().total(), o.topic().accuracy(), o.topic().macroF1());
    stdout.printf(Locale.ROOT, "took %ds%n", o.wallTime().toSeconds());
    stdout.flush();
    return 0;
  }

  private int trainWithFeedback(Trainer.Settings base, PrintWriter stdout, PrintStream log) {
    if (fineTune) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--with-feedback retrains the heads only; leave out --fine-tune");
    }
    FeedbackTrainer.Settings settings;
    try {
      settings = new FeedbackTrainer.Settings(base, feedbackWeight, tolerance, heldOutPercent, feedbackEpochs,
          feedbackLearningRate, feedbackFrom != null ? feedbackFrom.toString() : "topic " + Topics.FEEDBACK.name(),
          !noCalibrate);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    try {
      return trainWithFeedback(settings, stdout, log);
    } catch (IllegalArgumentException | dev.bellwether.classifier.model.ModelLoadException e) {
      throw new UserFacingException("train --with-feedback: " + e.getMessage(), e);
    }
  }

  private int trainWithFeedback(FeedbackTrainer.Settings settings, PrintWriter stdout, PrintStream log) {
    List<FeedbackCorrection> corrections;
    if (feedbackFrom != null) {
      corrections = FeedbackCorrection.readJsonl(feedbackFrom);
    } else {
      long[] skipped = {0};
      corrections = FeedbackSource.read(OpsOptions.client(ops.config()), skipped);
      if (skipped[0] > 0) {
        log.printf("skipped %d feedback records that do not decode%n", skipped[0]);
      }
    }
    if (corrections.isEmpty()) {
      throw new UserFacingException("train --with-feedback: no label corrections in "
          + settings.source() + "; correct items in the console first (docs/console.md)", null);
    }
    FeedbackTrainer.Outcome o = FeedbackTrainer.train(settings, corrections, log, Clock.systemUTC());
    stdout.print(o.comparison().table());
    stdout.printf("wrote %s%n", o.directory());
    stdout.printf("model %s%n", o.id().display());
    if (o.comparison().promoted()) {
      stdout.printf("promoted: %s now points at it%n", dataOptions.out.resolve(FeedbackTrainer.CURRENT));
    } else {
      stdout.printf("not promoted; the current model stays%n");
    }
    stdout.printf(Locale.ROOT, "took %ds%n", o.wallTime().toSeconds());
    stdout.flush();
    return o.comparison().promoted() ? 0 : 3;
  }
}
