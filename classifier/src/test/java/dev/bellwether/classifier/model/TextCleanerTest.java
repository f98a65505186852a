package dev.bellwether.classifier.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cleaning shared by training and scoring, and the near-duplicate key. */
class TextCleanerTest {

  @Test
  void decodesHtmlEntitiesAndDropsLinks() {
    assertThat(TextCleaner.clean("Exxon &amp; Chevron rise&#33;  https://t.co/QPN8Gwl7Uh"))
        .isEqualTo("Exxon & Chevron rise!");
  }

  @Test
  void leavesUnknownEntitiesAlone() {
    assertThat(TextCleaner.clean("AT&T &bogus; deal")).isEqualTo("AT&T &bogus; deal");
  }

  @Test
  void foldsLinksCaseAndSpacingIntoOneDuplicateKey() {
    assertThat(TextCleaner.duplicateKey("$AAPL  Apple beats https://t.co/abc"))
        .isEqualTo(TextCleaner.duplicateKey("$aapl apple BEATS https://t.co/xyz"));
  }

  @Test
  void tellsMostlyNonLatinText() {
    assertThat(TextCleaner.mostlyNonLatin("央行宣布降息 ECB")).isTrue();
    assertThat(TextCleaner.mostlyNonLatin("Die Aktie fällt stark")).isFalse();
    assertThat(TextCleaner.mostlyNonLatin("")).isFalse();
  }
}
