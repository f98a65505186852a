package dev.bellwether.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading news files line by line: fields, time formats, CSV quoting and bad lines with their numbers. */
class NewsFileReaderTest {

  private static final Instant NOW = Instant.parse("2026-11-10T00:00:00Z");
  private final NewsFileReader reader = new NewsFileReader("file-source", NOW);

  @Test
  void readsJsonLinesAndReportsBadOnesByLineNumber() throws IOException {
    String text = """
        {"title":"Acme ($ACME) wins <b>contract</b>","url":"https://a.example/x?utm_source=rss","summary":"Big one.","published_at":"2026-11-02T09:00:00Z","entities":["GLBX"]}
        {"title":"Globex falls","published_at":"Mon, 2 Nov 2026 10:00:00 GMT","source":"wire"}

        not json
        {"title":"No time"}
        {"id":"abc123","title":"Kept id","published_at":1793610000}
        {"title":"Bad time","published_at":"yesterday"}
        """;
    List<NewsFileReader.Line> lines = read(text, false);

    assertThat(lines).hasSize(6);
    NewsFileReader.Item first = (NewsFileReader.Item) lines.get(0);
    assertThat(first.item().title()).isEqualTo("Acme ($ACME) wins contract");
    assertThat(first.item().url()).isEqualTo("https://a.example/x");
    assertThat(first.item().entities()).containsExactly("GLBX", "ACME");
    assertThat(first.item().source()).isEqualTo("file-source");
    assertThat(first.item().fetchedAt()).isEqualTo(NOW);
    NewsFileReader.Item second = (NewsFileReader.Item) lines.get(1);
    assertThat(second.item().publishedAt()).isEqualTo(Instant.parse("2026-11-02T10:00:00Z"));
    assertThat(second.item().source()).isEqualTo("wire");
    assertThat(lines.get(2)).isEqualTo(new NewsFileReader.Bad(4, ((NewsFileReader.Bad) lines.get(2)).reason(), "not json"));
    assertThat(((NewsFileReader.Bad) lines.get(2)).reason()).startsWith("not JSON");
    assertThat(((NewsFileReader.Bad) lines.get(3)).number()).isEqualTo(5);
    assertThat(((NewsFileReader.Bad) lines.get(3)).reason()).isEqualTo("published_at is missing");
    NewsFileReader.Item kept = (NewsFileReader.Item) lines.get(4);
    assertThat(kept.number()).isEqualTo(6);
    assertThat(kept.item().id()).isEqualTo("abc123");
    assertThat(kept.item().storyId()).isEqualTo("abc123");
    assertThat(kept.item().publishedAt()).isEqualTo(Instant.ofEpochSecond(1793610000));
    assertThat(((NewsFileReader.Bad) lines.get(5)).reason()).contains("'yesterday' is not a time");
  }

  @Test
  void readsQuotedCsvWithOptionalColumnsAndNamesTheLineOfABadRecord() throws IOException {
    String text = "Title,Published_At,URL,summary,tickers\r\n"
        + "\"Initech cuts 500 jobs, shares slip\",2026-11-02T09:00:00+01:00,https://i.example/1,\"Line one\nline \"\"two\"\"\",INTC;$HOOL\r\n"
        + "Plain title,1793610000000,,,\r\n"
        + ",2026-11-02T09:00:00Z,,,\r\n"
        + "\"unclosed,2026-11-02T09:00:00Z\n";
    List<NewsFileReader.Line> lines = read(text, true);

    assertThat(lines).hasSize(4);
    NewsFileReader.Item first = (NewsFileReader.Item) lines.get(0);
    assertThat(first.number()).isEqualTo(2);
    assertThat(first.item().title()).isEqualTo("Initech cuts 500 jobs, shares slip");
    assertThat(first.item().summary()).isEqualTo("Line one line \"two\"");
    assertThat(first.item().publishedAt()).isEqualTo(Instant.parse("2026-11-02T08:00:00Z"));
    assertThat(first.item().entities()).containsExactly("INTC", "HOOL");
    NewsFileReader.Item second = (NewsFileReader.Item) lines.get(1);
    assertThat(second.number()).isEqualTo(4);
    assertThat(second.item().publishedAt()).isEqualTo(Instant.ofEpochMilli(1793610000000L));
    assertThat(second.item().id()).hasSize(32);
    assertThat(lines.get(2)).isInstanceOf(NewsFileReader.Bad.class);
    assertThat(((NewsFileReader.Bad) lines.get(2)).number()).isEqualTo(5);
    assertThat(((NewsFileReader.Bad) lines.get(2)).reason()).isEqualTo("title is missing");
    assertThat(((NewsFileReader.Bad) lines.get(3)).number()).isEqualTo(6);
    assertThat(((NewsFileReader.Bad) lines.get(3)).reason()).contains("not closed");
  }

  @Test
  void refusesACsvHeaderWithoutTitleOrTime() {
    assertThatThrownBy(() -> read("headline,date\nx,y\n", true))
        .hasMessageContaining("must name at least the columns title and published_at");
  }

  private List<NewsFileReader.Line> read(String text, boolean csv) throws IOException {
    List<NewsFileReader.Line> out = new ArrayList<>();
    BufferedReader in = new BufferedReader(new StringReader(text));
    if (csv) {
      reader.readCsv(in, out::add);
    } else {
      reader.readJsonLines(in, out::add);
    }
    return out;
  }
}
