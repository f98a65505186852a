package dev.bellwether.ingest.parse;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Reads RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom bodies with Rome, refusing any document that
 * declares a DOCTYPE.
 *
 * <p>Refusing DOCTYPEs closes both classic XML attacks at once: no external entity can be
 * declared (so no local file or internal URL is read) and no internal entity either (so no
 * "billion laughs" expansion). Real feeds do not need one. Rome 2.1.0 already sets
 * {@code disallow-doctype-decl}, turns off external entities and external DTD loading and does not
 * expand entities when {@code allowDoctypes} is false; it is set explicitly here, and
 * {@code FeedParserTest} proves the refusal with both payloads.
 *
 * <p>{@code rome.properties} (in this module's resources) puts RFC 822 date masks first, so an RSS
 * {@code pubDate} no longer costs Rome a failed attempt at every W3C mask.
 */
public final class FeedParser {

  /** Parses {@code body}; the encoding comes from the BOM or the XML declaration, else UTF-8. */
  public List<FeedEntry> parse(byte[] body) throws MalformedFeedException {
    SyndFeedInput input = new SyndFeedInput();
    input.setAllowDoctypes(false);
    SyndFeed feed;
    try {
      feed = input.build(new UnlockedStringReader(decode(body)));
    } catch (FeedException | IOException | IllegalArgumentException e) {
      throw new MalformedFeedException(reason(e), e);
    }
    List<FeedEntry> entries = new ArrayList<>(feed.getEntries().size());
    for (SyndEntry e : feed.getEntries()) {
      entries.add(new FeedEntry(e.getTitle(), e.getLink(), e.getUri(), summary(e), time(e), categories(e)));
    }
    return entries;
  }

  /**
   * The characters of {@code body}, decoded as Rome's {@link XmlReader} finds its encoding; read in
   * bulk, since Rome's XML healer then reads one character per call.
   */
  private static String decode(byte[] body) throws IOException {
    try (XmlReader reader = new XmlReader(new ByteArrayInputStream(body), true, "UTF-8")) {
      StringBuilder text = new StringBuilder(body.length);
      char[] buffer = new char[8192];
      for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
        text.append(buffer, 0, n);
      }
      return text.toString();
    }
  }

  private static String reason(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (message.contains("DOCTYPE")) {
      return "refused: the document declares a DOCTYPE (" + message + ")";
    }
    return message;
  }

  private static String summary(SyndEntry e) {
    SyndContent description = e.getDescription();
    if (description != null && description.getValue() != null && !description.getValue().isBlank()) {
      return description.getValue();
    }
    for (SyndContent content : e.getContents()) {
      if (content.getValue() != null && !content.getValue().isBlank()) {
        return content.getValue();
      }
    }
    return "";
  }

  private static Instant time(SyndEntry e) {
    Date date = e.getPublishedDate() != null ? e.getPublishedDate() : e.getUpdatedDate();
    return date == null ? null : date.toInstant();
  }

  private static List<FeedEntry.Category> categories(SyndEntry e) {
    List<FeedEntry.Category> out = new ArrayList<>();
    for (SyndCategory c : e.getCategories()) {
      out.add(new FeedEntry.Category(c.getTaxonomyUri(), c.getName()));
    }
    return out;
  }
}
