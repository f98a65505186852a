package dev.bellwether.console;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * How the console reads requests and answers them: bounded bodies and the security headers (a Content-Security-Policy that allows only the console's own script and
 * stylesheet, no sniffing, no framing, no referrer) on every response.
 */
final class HttpReplies {

  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
      + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private static final String RESOURCES = "/dev/bellwether/console/";

  private HttpReplies() {}

  /** Answers {@code body} as HTML-safe JSON. */
  static void json(HttpExchange ex, int status, Object body) throws IOException {
    send(ex, status, "application/json; charset=utf-8", ConsoleJson.write(body).getBytes(StandardCharsets.UTF_8));
  }

  /** Answers a text body. */
  static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Answers {@code body} (none when empty) with the security headers. */
  static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    securityHeaders(ex);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Sets the headers every console response carries. */
  static void securityHeaders(HttpExchange ex) {
    ex.getResponseHeaders().set("Content-Security-Policy", CSP);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("X-Frame-Options", "DENY");
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
  }

  /** The request body, refused (413) past {@code maxBytes}. */
  static byte[] body(HttpExchange ex, int maxBytes) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        throw new FeedbackRequests.Refused(413, "the body is larger than " + maxBytes + " bytes");
      }
      return body;
    }
  }

  /** One of the page's files from the classpath. */
  static byte[] resource(String name) {
    try (InputStream in = HttpReplies.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCES + name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCES + name, e);
    }
  }
}
