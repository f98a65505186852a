package dev.bellwether.ingest.normalize;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The canonical form of an article URL, so that the same article reached through different links
 * gets the same id: lower-case scheme and host, no default port, no user info, no fragment, no
 * tracking parameters ({@code utm_*}, {@code fbclid}, {@code gclid} and the like), an empty path
 * written as {@code /}. The order of the remaining parameters is kept, as some sites depend on it.
 */
public final class UrlCanonicalizer {

  private static final Set<String> TRACKING = Set.of(
      "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga", "_hsenc",
      "_hsmi", "mkt_tok", "ocid", "cmpid", "ncid", "guccounter");

  private UrlCanonicalizer() {}

  /**
   * The canonical form of {@code url}, or the trimmed input when it is not an absolute http(s) URL.
   */
  public static String canonical(String url) {
    if (url == null) {
      return "";
    }
    String trimmed = url.trim();
    URI uri;
    try {
      uri = new URI(trimmed.replace(" ", "%20"));
    } catch (URISyntaxException e) {
      return trimmed;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getRawAuthority() == null || uri.getHost() == null) {
      return trimmed;
    }
    StringBuilder out = new StringBuilder(trimmed.length());
    out.append(scheme).append("://").append(uri.getHost().toLowerCase(Locale.ROOT));
    int port = uri.getPort();
    if (port != -1 && !(scheme.equals("http") && port == 80) && !(scheme.equals("https") && port == 443)) {
      out.append(':').append(port);
    }
    String path = uri.getRawPath();
    out.append(path == null || path.isEmpty() ? "/" : path);
    String query = query(uri.getRawQuery());
    if (!query.isEmpty()) {
      out.append('?').append(query);
    }
    return out.toString();
  }

  private static String query(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    StringJoiner kept = new StringJoiner("&");
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
      if (!name.startsWith("utm_") && !TRACKING.contains(name)) {
        kept.add(pair);
      }
    }
    return kept.toString();
  }
}
