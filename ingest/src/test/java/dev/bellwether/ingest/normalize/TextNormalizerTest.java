package dev.bellwether.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

  @Test
  void stripsTagsAndDecodesEntities() {
    assertThat(TextNormalizer.plain("<p>Acme <b>beats</b> estimates &amp; raises&nbsp;outlook</p>", 500))
        .isEqualTo("Acme beats estimates & raises outlook");
  }

  @Test
  void undoesDoubleEscapedHtml() {
    assertThat(TextNormalizer.plain("&lt;b&gt;AT&amp;amp;T&lt;/b&gt; rallies &#8211; shares &#x2B;3%", 500))
        .isEqualTo("AT&T rallies \u2013 shares +3%");
  }

  @Test
  void dropsScriptsCommentsAndCollapsesWhitespace() {
    assertThat(TextNormalizer.plain("  Line one<script>alert('x')</script>\n\n\t<!-- hidden -->line\u00a0two  ", 500))
        .isEqualTo("Line one line two");
  }

  @Test
  void keepsLessThanSignsThatAreNotTags() {
    assertThat(TextNormalizer.plain("Margin < 5% as costs > revenue", 500)).isEqualTo("Margin < 5% as costs > revenue");
  }

  @Test
  void keepsWireTickerMarksAndAngleBracketedWordsThatAreNotHtml() {
    assertThat(TextNormalizer.plain("Apple <AAPL.O> and Berkshire <BRKa.N> rise; <SRD> halted", 500))
        .isEqualTo("Apple <AAPL.O> and Berkshire <BRKa.N> rise; <SRD> halted");
    assertThat(TextNormalizer.plain("<COMPANY NAME>", 500)).isEqualTo("<COMPANY NAME>");
    assertThat(TextNormalizer.plain("EPS < $1 & margin > 5% in <weak> quarter", 500))
        .isEqualTo("EPS < $1 & margin > 5% in <weak> quarter");
    assertThat(TextNormalizer.plain("&lt;AAPL.O&gt; up &lt;b&gt;3%&lt;/b&gt;", 500)).isEqualTo("<AAPL.O> up 3%");
  }

  @Test
  void stripsHtmlTagsWithAttributesInAnyCaseAndDeclarations() {
    assertThat(TextNormalizer.plain("<?xml version=\"1.0\"?><!DOCTYPE html><P CLASS=\"x\">Acme<BR/>rises</P>"
        + "<a href=\"/q?a=1&b=2\" title='x > y'>more</a><img src=x.png>", 500))
        .isEqualTo("Acme rises more");
  }

  @Test
  void keepsUnknownEntitiesAndCutsToTheLimit() {
    assertThat(TextNormalizer.plain("Tom &unknown; Jerry", 500)).isEqualTo("Tom &unknown; Jerry");
    assertThat(TextNormalizer.plain("abcdef ghij", 8)).isEqualTo("abcdef g");
    assertThat(TextNormalizer.plain(null, 10)).isEmpty();
  }
}
