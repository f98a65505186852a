package dev.bellwether.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlCanonicalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "HTTP://News.Example.COM/a/B?x=1                          | http://news.example.com/a/B?x=1",
      "https://news.example.com:443/story                         | https://news.example.com/story",
      "http://news.example.com:80/story                           | http://news.example.com/story",
      "http://news.example.com:8080/story                         | http://news.example.com:8080/story",
      "https://news.example.com/story#comments                    | https://news.example.com/story",
      "https://news.example.com/story?utm_source=rss&utm_Medium=x | https://news.example.com/story",
      "https://news.example.com/story?id=7&fbclid=abc&gclid=def    | https://news.example.com/story?id=7",
      "https://news.example.com/story?b=2&UTM_CAMPAIGN=z&a=1       | https://news.example.com/story?b=2&a=1",
      "https://news.example.com                                   | https://news.example.com/",
      "https://user:secret@news.example.com/story                 | https://news.example.com/story",
      "'  https://news.example.com/a b  '                          | https://news.example.com/a%20b",
  })
  void canonicalisesArticleUrls(String input, String expected) {
    assertThat(UrlCanonicalizer.canonical(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"mailto:desk@example.com", "/relative/path", "urn:uuid:1234", "not a url at all %%"})
  void leavesAnythingButAbsoluteHttpUrlsAsWritten(String input) {
    assertThat(UrlCanonicalizer.canonical(input)).isEqualTo(input.trim());
  }
}
