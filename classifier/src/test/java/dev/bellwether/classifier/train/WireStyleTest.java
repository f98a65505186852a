package dev.bellwether.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The wire-style rewrite used to augment training headlines. */
class WireStyleTest {

  @Test
  void writesAHeadlineAsAWireWouldWithItsAbbreviations() {
    assertThat(WireStyle.rewrite("Acme Corporation fourth quarter net income rose 5% to $1.2 million"))
        .isEqualTo("ACME CORP 4TH QTR NET ROSE 5 PCT TO 1.2 MLN DLRS");
    assertThat(WireStyle.rewrite("Globex sets the quarterly dividend at 12 cents a share"))
        .isEqualTo("GLOBEX SETS QTLY DIV AT 12 CTS A SHR");
    assertThat(WireStyle.rewrite("The company posts a $3 billion year loss versus profit"))
        .isEqualTo("CO POSTS 3 BLN DLRS YR LOSS VS NET");
  }

  @Test
  void leavesWordsThatOnlyContainAnAbbreviatedWordAlone() {
    assertThat(WireStyle.rewrite("Shareholders back yearly plan")).isEqualTo("SHAREHOLDERS BACK YEARLY PLAN");
  }
}
