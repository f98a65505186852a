package dev.bellwether.classifier.train;

import dev.bellwether.classifier.model.HeadsGraph;
import dev.bellwether.classifier.model.ModelManifest;
import dev.bellwether.classifier.model.StoredModel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One task's data for training with feedback: the base split and the corrections cut into a
 * training part and a held-out part.
 *
 * @param task the task
 * @param labels its label names in head order
 * @param split base train (without texts an analyst corrected), dev and validation
 * @param feedbackTrain corrections the heads learn from (none near-duplicates base validation or held-out ones)
 * @param feedbackHeld corrections held out to judge the candidate
 */
record TaskData(Task task, List<String> labels, Split split, List<LabeledText> feedbackTrain,
    List<LabeledText> feedbackHeld) {

  static TaskData of(Task task, List<LabeledText> rawTrain, List<LabeledText> rawValid,
      List<FeedbackCorrection> corrections, List<String> labels, FeedbackTrainer.Settings s) {
    List<LabeledText> train = new ArrayList<>();
    List<LabeledText> held = new ArrayList<>();
    for (FeedbackCorrection c : corrections) {
      int label = label(task, c, labels);
      if (label >= 0) {
        (c.heldOut(s.heldOutPercent()) ? held : train).add(new LabeledText(c.text(), label));
      }
    }
    held = NearDuplicates.distinct(held);
    List<LabeledText> heldAndValid = new ArrayList<>(held);
    heldAndValid.addAll(rawValid);
    train = NearDuplicates.without(NearDuplicates.distinct(train), heldAndValid);
    // A corrected text's base label, if it has one, is the one the analyst overruled.
    List<LabeledText> corrected = new ArrayList<>(train);
    corrected.addAll(held);
    Split split = Split.of(NearDuplicates.without(rawTrain, corrected), rawValid, s.base());
    return new TaskData(task, labels, split, List.copyOf(train), List.copyOf(held));
  }

  private static int label(Task task, FeedbackCorrection c, List<String> labels) {
    if (task == Task.SENTIMENT) {
      return c.sentiment() == null ? -1 : c.sentiment().ordinal();
    }
    if (c.topic() == null) {
      return -1;
    }
    int i = labels.indexOf(c.topic());
    if (i < 0) {
      throw new IllegalArgumentException("correction of item " + c.itemId() + " names topic '" + c.topic()
          + "', which is not one of the model's topics " + labels);
    }
    return i;
  }

  List<HeadsGraph.Dense> fineTune(List<HeadsGraph.Dense> start, Map<String, float[]> vectors,
      SoftmaxTrainer.Settings head, FeedbackTrainer.Settings s, PrintStream log) {
    if (feedbackTrain.isEmpty()) {
      log.printf("%s head: no corrections to learn from, kept as it is%n", task.label());
      return start;
    }
    List<LabeledText> all = new ArrayList<>(split.train());
    for (int i = 0; i < s.weight(); i++) {
      all.addAll(feedbackTrain);
    }
    SoftmaxTrainer.Result r = SoftmaxTrainer.continueFrom(start, Trainer.rows(all, vectors), Trainer.labels(all),
        Trainer.rows(split.dev(), vectors), Trainer.labels(split.dev()), labels, head, s.base().seed(),
        epoch -> log.printf("%s head: epoch %d of %d%n", task.label(), epoch, head.maxEpochs()));
    return r.layers();
  }

  /** Candidate and current on base validation and on the held-out corrections (when there are any). */
  List<Comparison.Row> compare(byte[] candidate, ModelManifest candidateManifest, StoredModel current,
      Map<String, float[]> vectors, int output) {
    List<Comparison.Row> rows = new ArrayList<>();
    rows.add(row(Comparison.BASE, split.valid(), candidate, candidateManifest, current, vectors, output));
    if (!feedbackHeld.isEmpty()) {
      rows.add(row(Comparison.FEEDBACK, feedbackHeld, candidate, candidateManifest, current, vectors, output));
    }
    return rows;
  }

  private Comparison.Row row(String set, List<LabeledText> texts, byte[] candidate, ModelManifest candidateManifest,
      StoredModel current, Map<String, float[]> vectors, int output) {
    float[][] x = Trainer.rows(texts, vectors);
    int[] truth = Trainer.labels(texts);
    Evaluation cand = Evaluation.of(labels, truth, Trainer.argmax(HeadsGraph.score(candidate, candidateManifest, x)[output]));
    Evaluation cur = Evaluation.of(labels, truth, Trainer.argmax(HeadsGraph.score(current.heads(), current.manifest(), x)[output]));
    return new Comparison.Row(task.label(), set, cand, cur);
  }
}
