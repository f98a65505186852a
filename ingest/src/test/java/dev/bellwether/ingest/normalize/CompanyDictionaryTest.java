package dev.bellwether.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompanyDictionaryTest {

  private static final CompanyDictionary BUNDLED = CompanyDictionary.bundled();

  private static List<String> tickers(String title, String summary) {
    return EntityExtractor.tickers(title, summary, List.of(), List.of(), BUNDLED);
  }

  @Test
  void findsCompanyNamesOnWordBoundariesInAnyWriting() {
    assertThat(tickers("Coca Cola and Johnson & Johnson rise; McDonald's slips", "")).containsExactly("KO", "JNJ", "MCD");
    assertThat(tickers("L'Oréal beats, Nestle lags", "Deutsche Bank and Goldman Sachs advise")).containsExactly(
        "OR.PA", "NESN.SW", "DBK.DE", "GS");
    assertThat(tickers("Microsofts? No: Microsoftware is not a company", "")).isEmpty();
  }

  @Test
  void matchesAmbiguousNamesOnlyWithACorporateWord() {
    assertThat(tickers("Apple pie sales soar at the Target of the season", "Shell beaches and Ford Madox Ford")).isEmpty();
    assertThat(tickers("Apple shares fall as Target Corporation warns", "Shell plc buys back stock")).containsExactly(
        "AAPL", "TGT", "SHEL.L");
  }

  @Test
  void neverMatchesShortNamesOrLowerCaseWordsAlone() {
    assertThat(tickers("GE and BP mentioned; ups and downs for visa rules", "")).isEmpty();
    assertThat(tickers("GE Aerospace wins order; BP shares rise", "")).containsExactly("GE", "BP.L");
  }

  @Test
  void doesNotTagWordsThatEqualATickerWithoutACashtagOrAName() {
    assertThat(tickers("IT spending ON the rise as ALL sectors gain", "A CEO said IT is ON track for ALL of 2027"))
        .isEmpty();
    assertThat(tickers("Allstate raises guidance; Gartner and ON Semiconductor fall", "")).containsExactly(
        "ALL", "IT", "ON");
    assertThat(tickers("IT is ON: $ALL rallies", "")).containsExactly("ALL");
  }

  @Test
  void keepsCapitalisedNamesInCapitals() {
    assertThat(tickers("Ibm beats", "")).isEmpty();
    assertThat(tickers("IBM beats", "")).containsExactly("IBM");
  }

  @Test
  void readsAUserDictionaryAndRejectsABadLineByNumber() throws Exception {
    CompanyDictionary own = CompanyDictionary.read(new ByteArrayInputStream(
        "# comment\nACME\tAcme Corporation|?Acme\n".getBytes(StandardCharsets.UTF_8)), "own.tsv");
    assertThat(EntityExtractor.tickers("Acme Corporation and Acme", "Acme shares", List.of(), List.of(), own))
        .containsExactly("ACME");
    assertThat(EntityExtractor.tickers("Acme alone", "", List.of(), List.of(), own)).isEmpty();
    assertThatThrownBy(() -> CompanyDictionary.read(new ByteArrayInputStream(
        "ACME Acme\n".getBytes(StandardCharsets.UTF_8)), "own.tsv")).hasMessageContaining("own.tsv line 1");
    assertThatThrownBy(() -> CompanyDictionary.load("/no/such/file.tsv"))
        .hasMessageContaining("ingest.company-dictionary = '/no/such/file.tsv'");
  }

  @Test
  void bundlesAtLeastAHundredCompanies() {
    assertThat(BUNDLED.size()).isGreaterThanOrEqualTo(100);
  }
}
