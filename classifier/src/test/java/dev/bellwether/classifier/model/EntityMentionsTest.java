package dev.bellwether.classifier.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Finding how a headline names an entity listed by ticker. */
class EntityMentionsTest {

  @Test
  void findsTheNameThatStartsWithTheTickersLettersInOrder() {
    String text = "Acme Corp beats estimates as Globex slumps";
    assertThat(EntityMentions.find(text, "ACME")).isEqualTo("Acme Corp");
    assertThat(EntityMentions.find(text, "GLBX")).isEqualTo("Globex");
    assertThat(EntityMentions.find("Acme Corp Beats Estimates As Globex Slumps", "ACME")).isEqualTo("Acme Corp");
  }

  @Test
  void findsTheWordsOfANameIngestTookFromTheText() {
    assertThat(EntityMentions.find("China Renaissance shares plunge more than 20%", "CHINA-RENAISSANCE"))
        .isEqualTo("China Renaissance");
    assertThat(EntityMentions.find("Adani Group firms lose $9bn in value", "ADANI")).isEqualTo("Adani Group");
  }

  @Test
  void usesTheTickerWhereTheTextWritesItOrNamesTheCompanyOtherwise() {
    assertThat(EntityMentions.find("Shares of $ACME jump after Globex deal", "ACME")).isEqualTo("ACME");
    assertThat(EntityMentions.find("Apple Inc unveils a headset", "AAPL")).isEqualTo("AAPL");
    assertThat(EntityMentions.find("Vodafone Group to cut jobs", "VOD.L")).isEqualTo("Vodafone Group");
    assertThat(EntityMentions.find("", "ACME")).isEqualTo("ACME");
  }
}
