package dev.bellwether.classifier.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Cutting bodies into sentence groups the encoder takes whole. */
class SentenceChunksTest {

  @Test
  void keepsABodyThatFitsTheBudgetWhole() {
    SentenceChunks c = SentenceChunks.split("Acme beats estimates. Shares rise.", 100, 4);

    assertThat(c.pieces()).containsExactly("Acme beats estimates. Shares rise.");
    assertThat(c.cut()).isFalse();
  }

  @Test
  void groupsWholeSentencesUpToTheBudget() {
    String body = "First sentence is here. Second one follows it. Third closes the story.";

    SentenceChunks c = SentenceChunks.split(body, 50, 4);

    assertThat(c.pieces()).containsExactly("First sentence is here. Second one follows it.", "Third closes the story.");
    assertThat(c.pieces()).allMatch(p -> p.length() <= 50);
    assertThat(c.cut()).isFalse();
  }

  @Test
  void stopsAtTheMostPiecesAndSaysTheRestWasCut() {
    String body = "Sentence number one is here. ".repeat(10).strip();

    SentenceChunks c = SentenceChunks.split(body, 30, 3);

    assertThat(c.pieces()).hasSize(3).allMatch(p -> p.equals("Sentence number one is here."));
    assertThat(c.cut()).isTrue();
  }

  @Test
  void readsOnlyABoundedWindowOfAMegabyteWithoutSentences() {
    String body = "x".repeat(1_200_000);

    SentenceChunks c = SentenceChunks.split(body, 384, 16);

    assertThat(c.pieces()).hasSize(1);
    assertThat(c.pieces().get(0)).hasSize(384);
    assertThat(c.cut()).isTrue();
  }

  @Test
  void givesNoPiecesForAnEmptyBody() {
    assertThat(SentenceChunks.split("", 100, 4).pieces()).isEmpty();
  }
}
