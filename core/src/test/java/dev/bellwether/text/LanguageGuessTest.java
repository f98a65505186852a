package dev.bellwether.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageGuessTest {

  @Test
  void namesTheLanguageOfCommonNewsTextsAndAdmitsWhenItCannotTell() {
    assertThat(LanguageGuess.of("Shares of the bank fell after the regulator said it will review its capital plan"))
        .isEqualTo("en");
    assertThat(LanguageGuess.of("Die Aktie der Bank fiel, nachdem die Aufsicht eine Prüfung ankündigte")).isEqualTo("de");
    assertThat(LanguageGuess.of("Les actions de la banque ont chuté après l'annonce du régulateur")).isEqualTo("fr");
    assertThat(LanguageGuess.of("Las acciones del banco cayeron tras el anuncio del regulador")).isEqualTo("es");
    assertThat(LanguageGuess.of("トヨタ自動車、通期の業績予想を上方修正")).isEqualTo("ja");
    assertThat(LanguageGuess.of("Сбербанк увеличил чистую прибыль")).isEqualTo("ru");
    assertThat(LanguageGuess.of("ACME Q3 EPS 1.25")).isNull();
  }

  @Test
  void namesShortGermanAndFrenchHeadlinesByTheirOwnLetters() {
    assertThat(LanguageGuess.of("Siemens senkt Prognose für 2027")).isEqualTo("de");
    assertThat(LanguageGuess.of("Deutsche Börse übernimmt Allfunds")).isEqualTo("de");
    assertThat(LanguageGuess.of("TotalEnergies relève son dividende malgré la baisse du brut")).isEqualTo("fr");
    assertThat(LanguageGuess.of("Müller shares fall after the profit warning")).isEqualTo("en");
    assertThat(LanguageGuess.of("Nestlé cuts its outlook as the price war bites")).isEqualTo("en");
  }
}
