package dev.bellwether.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import org.junit.jupiter.api.Test;

/** The console's origin check, directly and behind a TLS-terminating proxy. */
class SameOriginTest {

  private final SameOrigin fromRequest = new SameOrigin("");

  @Test
  void acceptsNoOriginAndThePlainHttpOriginOfTheHostHeader() {
    assertThat(fromRequest.allows(headers("Host", "127.0.0.1:8080"))).isTrue();
    assertThat(fromRequest.allows(headers("Host", "127.0.0.1:8080", "Origin", "http://127.0.0.1:8080"))).isTrue();
    assertThat(fromRequest.allows(headers("Host", "127.0.0.1:8080", "Origin", "http://attacker.example"))).isFalse();
    assertThat(fromRequest.allows(headers("Host", "127.0.0.1:8080", "Origin", "null"))).isFalse();
    assertThat(fromRequest.allows(headers("Origin", "http://127.0.0.1:8080"))).isFalse();
  }

  @Test
  void behindATlsProxyAcceptsTheForwardedSchemeAndHost() {
    // nginx: proxy_set_header Host $host; proxy_set_header X-Forwarded-Proto $scheme;
    Headers nginx = headers("Host", "news.example.com", "X-Forwarded-Proto", "https",
        "Origin", "https://news.example.com");
    assertThat(fromRequest.allows(nginx)).isTrue();
    assertThat(fromRequest.secure(nginx)).isTrue();
    // A proxy that keeps the upstream Host and says where it was asked in X-Forwarded-Host.
    assertThat(fromRequest.allows(headers("Host", "127.0.0.1:8080", "X-Forwarded-Proto", "https, http",
        "X-Forwarded-Host", "news.example.com:443", "Origin", "https://news.example.com"))).isTrue();
    // RFC 7239.
    assertThat(fromRequest.allows(headers("Host", "127.0.0.1:8080",
        "Forwarded", "for=192.0.2.60;proto=https;host=\"news.example.com\", for=10.0.0.1",
        "Origin", "https://news.example.com"))).isTrue();
    assertThat(fromRequest.allows(headers("Host", "news.example.com", "X-Forwarded-Proto", "https",
        "Origin", "https://attacker.example"))).isFalse();
    assertThat(fromRequest.allows(headers("Host", "news.example.com", "X-Forwarded-Proto", "https",
        "Origin", "http://news.example.com"))).isFalse();
    assertThat(fromRequest.secure(headers("Host", "127.0.0.1:8080"))).isFalse();
  }

  @Test
  void aConfiguredPublicUrlIsTheOnlyOriginAccepted() {
    SameOrigin configured = new SameOrigin("https://News.Example.com:443/console/");
    assertThat(configured.allows(headers("Host", "127.0.0.1:8080", "Origin", "https://news.example.com"))).isTrue();
    assertThat(configured.secure(headers("Host", "127.0.0.1:8080"))).isTrue();
    assertThat(configured.allows(headers("Host", "127.0.0.1:8080", "Origin", "http://127.0.0.1:8080"))).isFalse();
    assertThat(configured.allows(headers("Host", "evil.example", "X-Forwarded-Proto", "https",
        "Origin", "https://evil.example"))).isFalse();
  }

  private static Headers headers(String... namesAndValues) {
    Headers h = new Headers();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }
}
