package dev.bellwether.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScopeTest {

  @Test
  void keysRoundTrip() {
    for (Scope s : new Scope[] {Scope.MARKET, Scope.topic("Fed | Central Banks"), Scope.entity("ACME")}) {
      assertThat(Scope.parse(s.key())).isEqualTo(s);
    }
    assertThat(Scope.topic("Earnings").key()).isEqualTo("topic:Earnings");
  }

  @Test
  void badKeysNameTheKey() {
    assertThatThrownBy(() -> Scope.parse("sector:Tech")).hasMessageContaining("sector:Tech");
    assertThatThrownBy(() -> Scope.parse("entity:")).hasMessageContaining("entity:");
  }

  @Test
  void sentimentLabelsAcceptBearishAndBullish() {
    assertThat(Sentiment.parse("Bearish")).isEqualTo(Sentiment.NEGATIVE);
    assertThat(Sentiment.parse("bullish")).isEqualTo(Sentiment.POSITIVE);
    assertThatThrownBy(() -> Sentiment.parse("meh")).hasMessageContaining("'meh'");
  }
}
