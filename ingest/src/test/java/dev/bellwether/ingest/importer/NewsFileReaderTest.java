package dev.bellwether.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bellwether.ingest.normalize.CompanyDictionary;
import dev.bellwether.ingest.normalize.ItemNormalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.bellwether.event.RawNewsItem;
import org.junit.jupiter.api.Test;

/** Reading news files line by line: fields, time formats, CSV quoting and bad lines with their numbers. */
class NewsFileReaderTest {

  private static final Instant NOW = Instant.parse("2026-11-10T00:00:00Z");
  private static final int MAX_SUMMARY_CHARS = 200;
  private final NewsFileReader reader =
      new NewsFileReader(new ItemNormalizer(CompanyDictionary.bundled(), MAX_SUMMARY_CHARS), "file-source", NOW);

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

  @Test
  void tagsCompanyNamesAndWireMarksAsTheFeedPollerDoesAndKeepsTextInAngleBrackets() throws IOException {
    String text = """
        {"title":"Apple Inc shares slide as iPhone demand cools","published_at":"2026-11-02T09:00:00Z"}
        {"title":"Apple <AAPL.O> and Berkshire <BRKa.N> gain; <SRD> halted","published_at":"2026-11-02T09:01:00Z"}
        {"title":"<COMPANY NAME>","published_at":"2026-11-02T09:02:00Z"}
        {"title":"EPS < $1 & margin > 5% in <weak> quarter","summary":"<p>Results <b>missed</b></p>","published_at":"2026-11-02T09:03:00Z"}
        """;
    List<NewsFileReader.Line> lines = read(text, false);

    assertThat(lines).allSatisfy(l -> assertThat(l).isInstanceOf(NewsFileReader.Item.class));
    assertThat(item(lines, 0).entities()).containsExactly("AAPL");
    assertThat(item(lines, 1).title()).isEqualTo("Apple <AAPL.O> and Berkshire <BRKa.N> gain; <SRD> halted");
    assertThat(item(lines, 1).entities()).containsExactly("AAPL", "BRK.A", "SRD");
    assertThat(item(lines, 2).title()).isEqualTo("<COMPANY NAME>");
    assertThat(item(lines, 3).title()).isEqualTo("EPS < $1 & margin > 5% in <weak> quarter");
    assertThat(item(lines, 3).summary()).isEqualTo("Results missed");
  }

  @Test
  void anExplicitIdKeepsEveryOtherFieldTheNormaliserSet() throws IOException {
    String summary = "Die Aktie fiel am Montag deutlich, nachdem der Konzern die Prognose für das Jahr gesenkt hat. "
        .repeat(4);
    String text = "{\"id\":\"exported-1\",\"title\":\"Siemens AG senkt die Prognose für das Jahr\",\"summary\":\""
        + summary + "\",\"published_at\":\"2026-11-02T09:00:00Z\"}\n";
    RawNewsItem kept = item(read(text, false), 0);

    assertThat(kept.id()).isEqualTo("exported-1");
    assertThat(kept.storyId()).isEqualTo("exported-1");
    assertThat(kept.truncated()).isTrue();
    assertThat(kept.summary()).hasSizeLessThanOrEqualTo(MAX_SUMMARY_CHARS);
    assertThat(kept.language()).isEqualTo("de");
    assertThat(kept.entities()).containsExactly("SIE.DE");
  }

  @Test
  void refusesFieldsOfTheWrongJsonTypeTrailingTextAndNamesNoParserInternals() throws IOException {
    String text = """
        {"title": 12345, "published_at": "2026-11-02T09:00:00Z"}
        {"title": "ok", "published_at": 1.5}
        {"title": "ok", "published_at": "2026-11-02T09:00:00Z", "entities": [1, 2]}
        {"title": "ok", "published_at": "2026-11-02T09:00:00Z", "url": {"href": "x"}}
        {"title": "ok", "published_at": "2026-11-02T09:00:00Z"} trailing
        {"title": "unclosed"
        """;
    List<NewsFileReader.Line> lines = read(text, false);

    assertThat(lines).hasSize(6).allSatisfy(l -> assertThat(l).isInstanceOf(NewsFileReader.Bad.class));
    assertThat(reason(lines, 0)).isEqualTo("title must be a JSON string, not a number (12345)");
    assertThat(reason(lines, 1)).startsWith("published_at must be a time as a JSON string");
    assertThat(reason(lines, 2)).isEqualTo("entities must hold JSON strings, not a number (1)");
    assertThat(reason(lines, 3)).isEqualTo("url must be a JSON string, not an object");
    assertThat(reason(lines, 4)).startsWith("not JSON: ");
    assertThat(reason(lines, 5)).startsWith("not JSON: Unexpected end-of-input")
        .contains("(start marker at line 1, column 1)");
    assertThat(lines).allSatisfy(l -> assertThat(((NewsFileReader.Bad) l).reason())
        .doesNotContain("StreamReadFeature").doesNotContain("REDACTED").doesNotContain("[Source"));
  }

  @Test
  void keepsTheBytesOfLinesThatAreNotUtf8() throws IOException {
    byte[] binary = {'{', '"', 't', (byte) 0xC3, (byte) 0x28, 0x00, (byte) 0xFF, '\r'};
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes("{\"title\":\"Caf\u00e9 chain grows\",\"published_at\":\"2026-11-02T09:00:00Z\"}\n"
        .getBytes(StandardCharsets.UTF_8));
    file.writeBytes(binary);
    file.write('\n');
    List<NewsFileReader.Line> json = read(new ByteArrayInputStream(file.toByteArray()), false);
    assertThat(item(json, 0).title()).isEqualTo("Caf\u00e9 chain grows");
    NewsFileReader.Bad bad = (NewsFileReader.Bad) json.get(1);
    assertThat(bad.number()).isEqualTo(2);
    assertThat(bad.reason()).startsWith("not UTF-8 text (byte 0xC3 at byte 4 of the line)");
    assertThat(bad.raw()).isEqualTo(java.util.Arrays.copyOf(binary, binary.length - 1));

    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    csv.writeBytes("title,published_at\n\"two\nlines \u00e9\",2026-11-02T09:00:00Z\n\"bad\n".getBytes(StandardCharsets.UTF_8));
    csv.writeBytes(new byte[] {(byte) 0xFF, '"', ',', '1', '\n'});
    csv.writeBytes("ok,2026-11-02T09:00:00Z\n".getBytes(StandardCharsets.UTF_8));
    List<NewsFileReader.Line> rows = read(new ByteArrayInputStream(csv.toByteArray()), true);
    assertThat(item(rows, 0).title()).isEqualTo("two lines \u00e9");
    NewsFileReader.Bad badRow = (NewsFileReader.Bad) rows.get(1);
    assertThat(badRow.number()).isEqualTo(4);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes("\"bad\n".getBytes(StandardCharsets.UTF_8));
    expected.writeBytes(new byte[] {(byte) 0xFF, '"', ',', '1'});
    assertThat(badRow.raw()).isEqualTo(expected.toByteArray());
    assertThat(item(rows, 2).title()).isEqualTo("ok");
  }

  private static RawNewsItem item(List<NewsFileReader.Line> lines, int i) {
    return ((NewsFileReader.Item) lines.get(i)).item();
  }

  private static String reason(List<NewsFileReader.Line> lines, int i) {
    return ((NewsFileReader.Bad) lines.get(i)).reason();
  }

  private List<NewsFileReader.Line> read(String text, boolean csv) throws IOException {
    return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), csv);
  }

  private List<NewsFileReader.Line> read(InputStream in, boolean csv) throws IOException {
    List<NewsFileReader.Line> out = new ArrayList<>();
    if (csv) {
      reader.readCsv(in, out::add);
    } else {
      reader.readJsonLines(in, out::add);
    }
    return out;
  }
}
