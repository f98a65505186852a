package dev.bellwether.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The robots.txt cache: rules read once per host and kept for the time to live, failures included. */
class RobotsCacheTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:00:00Z"));
  private final RobotsCache cache = new RobotsCache("Bellwether/0.1 (+ops@example.com)", Duration.ofHours(6), clock);
  private final List<URI> fetched = new ArrayList<>();

  @Test
  void readsAHostsRulesOnceUntilTheyExpire() {
    Function<URI, RobotsCache.Answer> fetch = answering(200, "User-agent: *\nDisallow: /private/\n");

    assertThat(cache.allowed(URI.create("https://news.example/a.html"), fetch)).isTrue();
    assertThat(cache.allowed(URI.create("https://news.example/private/b.html"), fetch)).isFalse();
    assertThat(cache.allowed(URI.create("https://other.example/a.html"), fetch)).isTrue();
    assertThat(fetched).containsExactly(URI.create("https://news.example/robots.txt"),
        URI.create("https://other.example/robots.txt"));

    clock.advance(Duration.ofHours(6).minusSeconds(1));
    cache.allowed(URI.create("https://news.example/a.html"), fetch);
    assertThat(fetched).hasSize(2);
    clock.advance(Duration.ofSeconds(1));
    cache.allowed(URI.create("https://news.example/a.html"), fetch);
    assertThat(fetched).hasSize(3);
  }

  @Test
  void aFailingRobotsTxtDisallowsEverythingUntilItExpiresAndAMissingOneAllowsAll() {
    assertThat(cache.allowed(URI.create("https://down.example/a.html"), answering(503, ""))).isFalse();
    assertThat(cache.allowed(URI.create("https://down.example/a.html"), answering(200, ""))).isFalse();
    clock.advance(Duration.ofHours(6));
    assertThat(cache.allowed(URI.create("https://down.example/a.html"), answering(200, ""))).isTrue();

    assertThat(cache.allowed(URI.create("https://none.example/a.html"), answering(404, ""))).isTrue();
  }

  private Function<URI, RobotsCache.Answer> answering(int status, String body) {
    return uri -> {
      fetched.add(uri);
      return new RobotsCache.Answer(status, body.getBytes(StandardCharsets.UTF_8));
    };
  }
}
