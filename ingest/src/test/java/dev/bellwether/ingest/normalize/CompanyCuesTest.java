package dev.bellwether.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Headlines below are real ones from the shared rss-2023 crawl, unless they say otherwise. */
class CompanyCuesTest {

  private static final CompanyDictionary BUNDLED = CompanyDictionary.bundled();

  private static List<String> tickers(String title) {
    return EntityExtractor.tickers(title, "", List.of(), List.of(), BUNDLED);
  }

  @Test
  void aNameBeforeItsSharesAndAMarketMoveIsACompany() {
    assertThat(tickers("Adani shares fall after Hindenburg Research bets against conglomerate")).containsExactly("ADANI");
    assertThat(tickers("China Renaissance shares plunge more than 20% after it says founder Bao Fan is missing"))
        .containsExactly("CHINA-RENAISSANCE");
    assertThat(tickers("Lyft shares tank 20% after company issues weak guidance")).containsExactly("LYFT");
    assertThat(tickers("Virgin Orbit stock plummets after failure of its first UK rocket launch"))
        .containsExactly("VIRGIN-ORBIT");
    assertThat(tickers("UK cybersecurity firm Darktrace’s shares dive as short sellers circle")).containsExactly("DARKTRACE");
  }

  @Test
  void aGroupIsACompanyOnlyWithItsSharesOrFirms() {
    assertThat(tickers("Adani Group firms lose $9bn in value amid short-seller claims")).containsExactly("ADANI");
    assertThat(tickers("Adani Group shares continue turbulent ride as Hindenburg rout deepens")).containsExactly("ADANI");
    assertThat(tickers("Rights group condemns Algeria after mass death sentences")).isEmpty();
    assertThat(tickers("Wagner Group Pins Blame on Russian MoD for Stalled Bakhmut Campaign")).isEmpty();
  }

  @Test
  void aLegalFormEndsACompanysName() {
    assertThat(tickers("Conservative News Corp. empire says hackers were inside its network")).isEmpty();
    assertThat(tickers("Silvergate Holdings warns on deposits (made up)")).containsExactly("SILVERGATE");
    assertThat(tickers("CoinDesk, Inc. Files Motion to Unseal Names")).isEmpty();
  }

  @Test
  void placesMarketsAndSectorsAreNoCompanies() {
    assertThat(tickers("European stocks edge higher as investors await US economic data")).isEmpty();
    assertThat(tickers("US stocks fall as investors digest mixed data")).isEmpty();
    assertThat(tickers("Asian shares rally on hopes for avoiding recession")).isEmpty();
    assertThat(tickers("Chinese A.I. stocks jump on growing ChatGPT interest")).isEmpty();
    assertThat(tickers("Cleantech Stocks Fall Sharply in Energy Upheaval of 2022")).isEmpty();
  }

  @Test
  void sharesAsAVerbOrAcrossAClauseBreakMarkNothing() {
    assertThat(tickers("Jeremy Renner shares first statement after accident")).isEmpty();
    assertThat(tickers("Tesla cuts prices in the US and Europe. Shares fall")).containsExactly("TSLA");
    assertThat(tickers("Microvast’s $200 Million US Grant Under Review; Shares Plunge")).isEmpty();
  }

  @Test
  void companiesTheDictionaryKnowsKeepTheirTicker() {
    assertThat(tickers("Intel shares drop on weak quarterly results")).containsExactly("INTC");
    assertThat(tickers("Tesla's shares plunge further on weaker than expected sales")).containsExactly("TSLA");
    assertThat(tickers("Alphabet Stock Loses $100 Billion After New AI Chatbot Gives Wrong Answer")).containsExactly("GOOGL");
  }

  @Test
  void withoutADictionaryNoNamesAreTagged() {
    assertThat(EntityExtractor.tickers("Adani shares fall", "", List.of(), List.of())).isEmpty();
  }
}
