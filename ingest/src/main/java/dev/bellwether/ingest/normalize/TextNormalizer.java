package dev.bellwether.ingest.normalize;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * Turns feed text that may hold HTML into one line of plain text. Headlines and summaries are
 * short fragments, so tags are removed by pattern rather than by building a DOM.
 *
 * <p>What counts as markup, and is removed: comments, {@code <script>} and {@code <style>} with
 * their content, CDATA markers, declarations and processing instructions ({@code <!DOCTYPE html>},
 * {@code <?xml ...?>}), and tags of HTML elements ({@link #HTML_ELEMENTS}: a known element name,
 * then whitespace, {@code /} or {@code >}). Everything else in angle brackets is text and stays:
 * news wires mark tickers and placeholders that way ({@code <AAPL.O>}, {@code <SRD>},
 * {@code <COMPANY NAME>}), and "EPS < $1 & margin > 5% in <weak> quarter" keeps every word; jsoup's
 * HTML parser would take {@code <AAPL.O>} for an element and drop it, so tags are matched here.
 * Character references are decoded by jsoup ({@link Parser#unescapeEntities}): every named
 * entity of HTML 5 and numeric references; an unknown {@code &name;} stays.
 */
public final class TextNormalizer {

  private static final Pattern INVISIBLE = Pattern.compile(
      "(?is)<!--.*?-->|<(script|style)\\b[^>]*>.*?</\\1\\s*>|<!\\[CDATA\\[|]]>|<![A-Za-z][^<>]*>|<\\?[^<>]*\\?>");
  /** An opening, closing or empty tag: a name, then attributes (quoted values may hold anything but quotes). */
  private static final Pattern TAG = Pattern.compile(
      "</?([A-Za-z][A-Za-z0-9]*)(?=[\\s/>])(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>");
  /** Names of HTML elements, current and obsolete, in lower case: only their tags are markup. */
  static final Set<String> HTML_ELEMENTS = Set.of(
      "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b", "base", "basefont",
      "bdi", "bdo", "big", "blink", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite",
      "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl",
      "dt", "em", "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "frame", "frameset", "h1",
      "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins",
      "kbd", "label", "legend", "li", "link", "main", "map", "mark", "marquee", "math", "menu", "meta", "meter",
      "nav", "nobr", "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param",
      "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "search", "section", "select",
      "slot", "small", "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table",
      "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u",
      "ul", "var", "video", "wbr");
  private TextNormalizer() {}

  /**
   * Strips markup, decodes entities (also double-encoded ones such as {@code &amp;amp;}), drops
   * control characters, collapses whitespace (including non-breaking spaces) and cuts the result
   * to {@code maxChars}.
   */
  public static String plain(String html, int maxChars) {
    if (html == null || html.isBlank()) {
      return "";
    }
    String text = html;
    // Feeds often escape their HTML once more than needed; two passes undo that without running away.
    for (int pass = 0; pass < 2 && (text.indexOf('<') >= 0 || text.indexOf('&') >= 0); pass++) {
      text = decode(stripTags(INVISIBLE.matcher(text).replaceAll(" ")));
    }
    return collapse(text, maxChars);
  }

  private static String stripTags(String text) {
    if (text.indexOf('<') < 0) {
      return text;
    }
    return TAG.matcher(text).replaceAll(m -> HTML_ELEMENTS.contains(m.group(1).toLowerCase(Locale.ROOT)) ? " "
        : Matcher.quoteReplacement(m.group()));
  }

  /** Decodes HTML's named and numeric character references by jsoup's HTML 5 rules. */
  private static String decode(String text) {
    return text.indexOf('&') < 0 ? text : Parser.unescapeEntities(text, true);
  }

  private static String collapse(String text, int maxChars) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars));
    boolean space = false;
    for (int i = 0; i < text.length() && out.length() < maxChars; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }
}
