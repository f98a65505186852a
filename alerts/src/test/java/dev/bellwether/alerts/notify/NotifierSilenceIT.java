package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.config.ConfigLoader;
import dev.bellwether.config.NotifierConfig;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import dev.bellwether.event.Silence;
import dev.bellwether.kafka.SilenceTopic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silences written to the silences topic while a notifier runs on a real broker in this JVM: it
 * picks them up without a restart, keeps matching alerts from every receiver, and sends again
 * once the silence is expired.
 */
class NotifierSilenceIT {

  @TempDir Path dir;

  @Test
  void silenceAddedWhileRunningHoldsMatchingAlertsUntilItIsExpired() throws Exception {
    NotifierConfig config = NotifierRestartIT.quick(new ConfigLoader().load(null, Map.of()).notifier());
    Instant windowEnd = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      Map<String, Object> client = NotifierRestartIT.client(broker);
      SilenceTopic silences = new SilenceTopic(client, Duration.ofSeconds(30), Clock.systemUTC());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (Notifier notifier = Notifier.start(client, "notifier-silence-it", config, registry, Clock.systemUTC(),
          new PrintStream(out, true, StandardCharsets.UTF_8))) {
        Silence silence = silences.add("entity:AC*", Instant.now().minusSeconds(60), Duration.ofHours(2),
            "ACME earnings call", "desk");
        await().atMost(Duration.ofSeconds(30)).until(() -> active(registry) == 1.0);

        NotifierRestartIT.send(client, Alerts.firing("entity:ACME", windowEnd), Alerts.firing("entity:BETA", windowEnd));
        await().atMost(Duration.ofSeconds(30)).until(() -> NotifierRestartIT.lines(out).size() == 1);
        await().atMost(Duration.ofSeconds(30))
            .until(() -> registry.get("bellwether.notifier.alerts.silenced").counter().count() == 1.0);
        assertThat(NotifierRestartIT.lines(out)).singleElement().satisfies(l -> assertThat(l).contains("entity:BETA"));
        assertThat(silences.list(false)).singleElement().satisfies(s -> {
          assertThat(s.id()).isEqualTo(silence.id());
          assertThat(s.comment()).isEqualTo("ACME earnings call");
        });

        assertThat(silences.expire(silence.id())).isPresent();
        await().atMost(Duration.ofSeconds(30)).until(() -> active(registry) == 0.0);
        NotifierRestartIT.send(client, Alerts.firing("entity:ACME", windowEnd.plusSeconds(60)));
        await().atMost(Duration.ofSeconds(30)).until(() -> NotifierRestartIT.lines(out).size() == 2);
        assertThat(NotifierRestartIT.lines(out).get(1)).contains("new entity:ACME");
        assertThat(notifier.state()).isEqualTo(Notifier.State.RUNNING);
      }
      assertThat(silences.list(false)).isEmpty();
      assertThat(silences.list(true)).singleElement()
          .satisfies(s -> assertThat(s.endsAt()).isBeforeOrEqualTo(Instant.now()));
      assertThat(silences.expire("no-such-id")).isEmpty();
    }
  }

  private static double active(SimpleMeterRegistry registry) {
    return registry.get("bellwether.notifier.silences.active").gauge().value();
  }
}
