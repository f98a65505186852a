package dev.bellwether.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.ingest.parse.FeedEntry.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityExtractorTest {

  private static List<String> tickers(String title, String summary) {
    return EntityExtractor.tickers(title, summary, List.of(), List.of());
  }

  @Test
  void findsCashtagsInAnyCase() {
    assertThat(tickers("$ACME and $glbx rally; $BRK.B flat", "")).containsExactly("ACME", "GLBX", "BRK.B");
  }

  @Test
  void findsExchangePrefixedTickers() {
    assertThat(tickers("Acme Corp (NYSE: ACME) names CFO", "Globex (NASDAQ:GLBX) and Initech (Nasdaq: INTK)"))
        .containsExactly("ACME", "GLBX", "INTK");
  }

  @Test
  void neverTagsWordsThatMerelyEqualATicker() {
    assertThat(tickers("IT spending ON the rise as ALL sectors gain", "A CEO said IT is ON track for ALL of 2027"))
        .isEmpty();
    assertThat(tickers("Allstate $ALL and ON Semi (NASDAQ: ON) gain; IT stocks lag", "")).containsExactly("ALL", "ON");
  }

  @Test
  void findsWireTickerMarksButNotAngleBracketedWordsOrPlaceholders() {
    assertThat(tickers("Apple <AAPL.O> and Vodafone <VOD.L> gain", "Berkshire <BRKa.N> flat; <SRD> halted"))
        .containsExactly("AAPL", "VOD", "BRK.A", "SRD");
    assertThat(tickers("<COMPANY NAME> to buy rival", "EPS < $1 & margin > 5% in <weak> quarter; <TOOLONG>"))
        .isEmpty();
  }

  @Test
  void ignoresDollarAmountsAndOverlongSymbols() {
    assertThat(tickers("Deal worth $5B, or $12.50 a share; $TOOLONG rejected", "")).isEmpty();
  }

  @Test
  void takesFeedTickersAndTickerCategoriesOnlyFromTickerDomains() {
    List<String> found = EntityExtractor.tickers("Quarterly results", "",
        List.of(new Category("ticker", "acme"), new Category("https://example.com/symbol", "NYSE:UMBR"),
            new Category("topic", "EARNINGS"), new Category("", "IT")),
        List.of("HOOL", "ACME"));
    assertThat(found).containsExactly("HOOL", "ACME", "UMBR");
  }
}
