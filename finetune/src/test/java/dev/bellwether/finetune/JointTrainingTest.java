package dev.bellwether.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.bellwether.classifier.train.EncoderFineTuner;
import dev.bellwether.classifier.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training loop on a handful of short texts: the loss falls and no array outlives its step. */
class JointTrainingTest {

  @Test
  void lossFallsOnRepeatedBatchesAndEveryStepFreesItsArrays() {
    BaseEncoder.pytorch(Path.of("target/djl-cache"), 1);
    List<JointTraining.Example> examples = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      examples.add(new JointTraining.Example(TinyData.COMPANIES[i] + " shares plunge", false, 0));
      examples.add(new JointTraining.Example(TinyData.COMPANIES[i] + " names new CEO", true, 1));
    }
    EncoderFineTuner.Settings s = new EncoderFineTuner.Settings(
        new Trainer.Settings(Path.of("."), Path.of("."), null, 7, 32, 1, 0, null), 6, 6, 1e-4, 0, 0, true, false,
        null, 0.5);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (NDManager root = NDManager.newBaseManager("PyTorch"); Tokens tokens = Tokens.load(32)) {
      BertEncoder encoder = BertEncoder.of(OnnxWeights.read(BaseEncoder.fp32()), BaseEncoder.HEADS, root);
      JointModel model = JointModel.fresh(encoder, 2, 3, 16, 7, root);
      int before = root.getManagedArrays().size();
      List<Integer> epochs = new ArrayList<>();

      JointTraining.Run run = JointTraining.train(model, tokens, examples, 2, s, root,
          new PrintStream(log, true, StandardCharsets.UTF_8), epochs::add);

      assertThat(run.steps()).isEqualTo(6);
      assertThat(epochs).containsExactly(1, 2, 3, 4, 5, 6);
      List<double[]> curve = run.lossCurve();
      assertThat(curve.get(curve.size() - 1)[1]).isLessThan(curve.get(0)[1] * 0.8);
      int adamState = 2 * (encoder.trainable(true).size() + model.heads().size());
      assertThat(root.getManagedArrays().size() - before).isEqualTo(adamState);
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("fine-tuning step 6/6 (100%)", "ETA 0m00s");
  }

  @Test
  void aTimeBudgetDrivesTheScheduleWhenStepsAreSlowerThanPlanned() {
    java.time.Duration budget = java.time.Duration.ofMinutes(40);
    // 10 of 800 steps done but half the time gone: the run is half done, the rate half-way down.
    double done = JointTraining.done(10, 800, java.time.Duration.ofMinutes(20), budget);
    assertThat(done).isEqualTo(0.5);
    assertThat(JointTraining.rate(1e-4, done, 0.0)).isCloseTo(5e-5f, org.assertj.core.api.Assertions.within(1e-9f));
    // Steps ahead of time decide instead; without a budget only steps count; time past the budget is the end.
    assertThat(JointTraining.done(600, 800, java.time.Duration.ofMinutes(4), budget)).isEqualTo(0.75);
    assertThat(JointTraining.done(600, 800, java.time.Duration.ofMinutes(39), null)).isEqualTo(0.75);
    assertThat(JointTraining.done(1, 800, java.time.Duration.ofMinutes(50), budget)).isEqualTo(1.0);
    assertThat(JointTraining.rate(1e-4, 1.0, 0.06)).isZero();
    assertThat(JointTraining.rate(1e-4, 0.03, 0.06)).isCloseTo(5e-5f, org.assertj.core.api.Assertions.within(1e-9f));
  }

  @Test
  void entityPairsGoInAsSecondSegmentsAndWireCopiesKeepEveryLabel() {
    List<JointTraining.Example> pairs = JointTraining.pairs(List.of(
        new dev.bellwether.classifier.train.EntityPair("Acme beats estimates as Globex slumps", "Globex", 0, "SEntFiN")));
    assertThat(pairs).containsExactly(
        new JointTraining.Example("Acme beats estimates as Globex slumps", "Globex", false, 0, null));
    try (Tokens tokens = Tokens.load(32)) {
      Tokens.Batch b = tokens.batch(List.of("Acme beats estimates as Globex slumps"), List.of("Globex"));
      long typeOnes = java.util.Arrays.stream(b.types()[0]).filter(t -> t == 1).count();
      assertThat(typeOnes).isEqualTo(tokens.count("globex", null) - 1); // "globex" word pieces and the last [SEP]
      assertThat(b.length()).isEqualTo(tokens.count("Acme beats estimates as Globex slumps", "Globex"));
    }

    float[] teacher = {0.2f, 0.8f};
    List<JointTraining.Example> examples = List.of(
        new JointTraining.Example("Acme fourth quarter profit rose 5%", false, 2, teacher),
        new JointTraining.Example("Acme fourth quarter profit rose 5%", "Acme", false, 2, null),
        new JointTraining.Example("lol", true, 1));
    List<JointTraining.Example> copies = JointTraining.wireCopies(examples, 1.0, 7);
    assertThat(copies).containsExactly(
        new JointTraining.Example("ACME 4TH QTR NET ROSE 5 PCT", null, false, 2, teacher),
        new JointTraining.Example("ACME 4TH QTR NET ROSE 5 PCT", "Acme", false, 2, null));
  }

  @Test
  void teacherLabelsTrainTheHeadOfTheTaskATextHasNoGoldLabelFor() {
    BaseEncoder.pytorch(Path.of("target/djl-cache"), 1);
    List<JointTraining.Example> examples = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // Sentiment examples only: the topic head learns from nothing but the teacher's topic labels.
      examples.add(new JointTraining.Example(TinyData.COMPANIES[i] + " shares plunge", false, 0, new float[] {0.05f, 0.95f}));
    }
    EncoderFineTuner.Settings s = new EncoderFineTuner.Settings(
        new Trainer.Settings(Path.of("."), Path.of("."), null, 7, 32, 1, 0, null), 16, 6, 1e-4, 0, 0, true, false,
        "teacher", 1.0);
    List<String> texts = examples.stream().map(JointTraining.Example::text).toList();
    try (NDManager root = NDManager.newBaseManager("PyTorch"); Tokens tokens = Tokens.load(32)) {
      BertEncoder encoder = BertEncoder.of(OnnxWeights.read(BaseEncoder.fp32()), BaseEncoder.HEADS, root);
      JointModel model = JointModel.fresh(encoder, 2, 3, 16, 7, root);
      double before = meanTopic1(JointTraining.predict(model, tokens, texts, root, false));

      JointTraining.train(model, tokens, examples, 2, s, root, new PrintStream(new ByteArrayOutputStream(), true,
          StandardCharsets.UTF_8), epoch -> {});

      double after = meanTopic1(JointTraining.predict(model, tokens, texts, root, false));
      assertThat(after).isGreaterThan(0.7).isGreaterThan(before + 0.2);
    }
  }

  private static double meanTopic1(float[][][] p) {
    return java.util.Arrays.stream(p[0]).mapToDouble(row -> row[1]).average().orElseThrow();
  }

  @Test
  void batchesHoldEveryExampleOnceGroupedByLengthAndRepeatForASeed() {
    List<JointTraining.Example> examples = new ArrayList<>();
    java.util.Map<String, Integer> lengths = new java.util.HashMap<>();
    for (int i = 0; i < 1000; i++) {
      String text = "text " + i;
      examples.add(new JointTraining.Example(text, i % 2 == 0, 0));
      lengths.put(text, 3 + (i * 7919) % 60);
    }

    List<List<JointTraining.Example>> a = JointTraining.batches(examples, lengths, 16, new java.util.Random(3));
    List<List<JointTraining.Example>> b = JointTraining.batches(examples, lengths, 16, new java.util.Random(3));

    assertThat(a).isEqualTo(b).hasSize(63);
    assertThat(a.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(examples);
    double spread = a.stream().mapToInt(batch -> batch.stream().mapToInt(e -> lengths.get(e.text())).max().orElse(0)
        - batch.stream().mapToInt(e -> lengths.get(e.text())).min().orElse(0)).average().orElse(0);
    assertThat(spread).isLessThan(6);
  }

  @Test
  void rateWarmsUpLinearlyThenDecaysToZero() {
    assertThat(JointTraining.rate(1.0, 1, 100, 0.1)).isEqualTo(0.1f);
    assertThat(JointTraining.rate(1.0, 10, 100, 0.1)).isEqualTo(1f);
    assertThat(JointTraining.rate(1.0, 56, 100, 0.1)).isEqualTo(0.5f);
    assertThat(JointTraining.rate(1.0, 100, 100, 0.1)).isGreaterThan(0f).isLessThan(0.02f);
  }
}
