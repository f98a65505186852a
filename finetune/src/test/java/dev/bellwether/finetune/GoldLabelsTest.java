package dev.bellwether.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.classifier.train.LabeledText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A text labelled by hand for both tasks learns the other task's gold label, not the teacher's. */
class GoldLabelsTest {

  @Test
  void replacesTheTeachersLabelOfATextTheOtherTaskLabelsByHand() {
    List<LabeledText> sentiment = List.of(
        new LabeledText("Acme Q2 net profit up 20%", 2), new LabeledText("$ACME to the moon", 2));
    // The same headline, in other case and punctuation, with a hand topic label (5: Earnings).
    List<LabeledText> topic = List.of(new LabeledText("ACME Q2 NET PROFIT UP 20%!", 5), new LabeledText("Fed holds", 1));
    float[][] taught = {{0.1f, 0.9f, 0f, 0f, 0f, 0f}, {0.5f, 0.5f, 0f, 0f, 0f, 0f}};

    int replaced = JointFineTuner.gold(taught, sentiment, topic, 6);

    assertThat(replaced).isEqualTo(1);
    assertThat(taught[0]).containsExactly(0f, 0f, 0f, 0f, 0f, 1f);
    assertThat(taught[1]).as("a text the other task has no label for keeps the teacher's").containsExactly(
        0.5f, 0.5f, 0f, 0f, 0f, 0f);
  }
}
