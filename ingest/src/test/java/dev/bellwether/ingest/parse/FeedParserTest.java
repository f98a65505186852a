package dev.bellwether.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.rometools.rome.io.SyndFeedInput;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedParserTest {

  private final FeedParser parser = new FeedParser();

  @Test
  void readsRss2() throws Exception {
    List<FeedEntry> entries = parser.parse(bytes("""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Wire</title><link>http://wire.example.com/</link><description>d</description>
          <item>
            <title>Acme Corp &amp; Globex agree deal</title>
            <link>http://wire.example.com/a?utm_source=rss</link>
            <guid isPermaLink="false">wire-1</guid>
            <pubDate>Mon, 02 Nov 2026 14:00:05 GMT</pubDate>
            <description><![CDATA[<p>Acme (NYSE: ACME) said...</p>]]></description>
            <category domain="ticker">ACME</category>
          </item>
        </channel></rss>
        """));
    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.title()).isEqualTo("Acme Corp & Globex agree deal");
      assertThat(e.link()).isEqualTo("http://wire.example.com/a?utm_source=rss");
      assertThat(e.guid()).isEqualTo("wire-1");
      assertThat(e.summary()).isEqualTo("<p>Acme (NYSE: ACME) said...</p>");
      assertThat(e.publishedAt()).isEqualTo(Instant.parse("2026-11-02T14:00:05Z"));
      assertThat(e.categories()).containsExactly(new FeedEntry.Category("ticker", "ACME"));
    });
  }

  @Test
  void readsRss1Rdf() throws Exception {
    List<FeedEntry> entries = parser.parse(bytes("""
        <?xml version="1.0"?>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                 xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel rdf:about="http://rdf.example.com/"><title>RDF</title><link>http://rdf.example.com/</link>
            <description>d</description></channel>
          <item rdf:about="http://rdf.example.com/story/1">
            <title>Hooli shares jump</title><link>http://rdf.example.com/story/1</link>
            <dc:date>2026-11-02T14:00:00Z</dc:date>
          </item>
        </rdf:RDF>
        """));
    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.title()).isEqualTo("Hooli shares jump");
      assertThat(e.link()).isEqualTo("http://rdf.example.com/story/1");
      assertThat(e.publishedAt()).isEqualTo(Instant.parse("2026-11-02T14:00:00Z"));
    });
  }

  @Test
  void readsAtom() throws Exception {
    List<FeedEntry> entries = parser.parse(bytes("""
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:x</id><updated>2026-11-02T14:00:00Z</updated>
          <entry><title type="html">Globex &lt;b&gt;wins&lt;/b&gt; contract</title>
            <link rel="alternate" href="https://atom.example.com/e/1"/><id>urn:entry:1</id>
            <updated>2026-11-02T14:00:00Z</updated><published>2026-11-02T13:59:00Z</published>
            <summary>s</summary><category scheme="ticker" term="GLBX"/></entry>
        </feed>
        """));
    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.link()).isEqualTo("https://atom.example.com/e/1");
      assertThat(e.guid()).isEqualTo("urn:entry:1");
      assertThat(e.publishedAt()).isEqualTo(Instant.parse("2026-11-02T13:59:00Z"));
      assertThat(e.categories()).containsExactly(new FeedEntry.Category("ticker", "GLBX"));
    });
  }

  @Test
  void romeRefusesDoctypesByDefault() {
    assertThat(new SyndFeedInput().isAllowDoctypes()).isFalse();
  }

  @Test
  void refusesExternalEntitiesWithoutReadingTheFileOrTheNetwork(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-7d1f");
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = "<!ENTITY leak 'TOP-SECRET-7d1f'>".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      List<String> payloads = List.of(
          "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>",
          "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"" + base + "/entity\">]>",
          "<!DOCTYPE rss [<!ENTITY % remote SYSTEM \"" + base + "/evil.dtd\"> %remote;]>",
          "<!DOCTYPE rss SYSTEM \"" + base + "/rss.dtd\">");
      for (String doctype : payloads) {
        byte[] body = bytes("<?xml version=\"1.0\"?>\n" + doctype + "\n<rss version=\"2.0\"><channel><title>t</title>"
            + "<item><title>&xxe;</title><link>http://x.example.com/a</link></item></channel></rss>");
        assertThatThrownBy(() -> parser.parse(body))
            .isInstanceOf(MalformedFeedException.class)
            .hasMessageContaining("DOCTYPE")
            .hasMessageNotContaining("TOP-SECRET");
      }
      assertThat(requests).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void refusesAnEntityExpansionBombQuickly() {
    StringBuilder doctype = new StringBuilder("<!DOCTYPE rss [<!ENTITY l0 \"lol\">");
    for (int i = 1; i <= 12; i++) {
      doctype.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
    }
    doctype.append("]>");
    byte[] bomb = bytes("<?xml version=\"1.0\"?>\n" + doctype + "<rss version=\"2.0\"><channel><title>&l12;</title>"
        + "<item><title>&l12;</title></item></channel></rss>");
    assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        assertThatThrownBy(() -> parser.parse(bomb)).isInstanceOf(MalformedFeedException.class).hasMessageContaining("DOCTYPE"));
  }

  @Test
  void refusesBodiesThatAreNotFeeds() {
    assertThatThrownBy(() -> parser.parse(bytes("<html><body>Oops</body></html>"))).isInstanceOf(MalformedFeedException.class);
    assertThatThrownBy(() -> parser.parse(bytes("<rss version=\"2.0\"><channel><title>cut off"))).isInstanceOf(MalformedFeedException.class);
    assertThatThrownBy(() -> parser.parse(new byte[0])).isInstanceOf(MalformedFeedException.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
