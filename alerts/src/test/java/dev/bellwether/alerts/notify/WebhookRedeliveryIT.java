package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.config.NotifierConfig;
import dev.bellwether.embedded.EmbeddedKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook delivery is at least once, as the docs say: a notifier stopped while a webhook's answer
 * is still pending hands the message to the next notifier, which sends it again with the same
 * {@code webhook-id} and {@code Idempotency-Key}, so a receiver that keeps the ids it has handled
 * acts on it once. A real webhook server on loopback and a real broker in this JVM.
 */
class WebhookRedeliveryIT {

  private static final String GROUP = "webhook-redelivery-it";

  @TempDir Path dir;

  /** One request as the webhook server saw it. */
  private record Received(String webhookId, String idempotencyKey) {}

  @Test
  @Timeout(180)
  void aWebhookWhoseAnswerWasPendingAtStopIsSentAgainWithTheSameIdAndDedupedByIt() throws Exception {
    List<Received> received = new CopyOnWriteArrayList<>();
    Set<String> handled = new LinkedHashSet<>();
    CountDownLatch answerFirst = new CountDownLatch(1);
    ExecutorService threads = Executors.newCachedThreadPool();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      String id = exchange.getRequestHeaders().getFirst("webhook-id");
      received.add(new Received(id, exchange.getRequestHeaders().getFirst("Idempotency-Key")));
      synchronized (handled) {
        // What a receiver does with the id: act on each message once.
        handled.add(String.valueOf(id));
      }
      if (received.size() == 1) {
        try {
          // The first answer is held back until the notifier has stopped.
          answerFirst.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    Instant windowEnd = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      Map<String, Object> client = NotifierRestartIT.client(broker);
      NotifierConfig config = withWebhook(NotifierRestartIT.quick(new ConfigLoader().load(null, Map.of()).notifier()),
          "http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
      NotifierRestartIT.send(client, Alerts.firing("entity:ACME", windowEnd));

      Notifier first = start(client, config);
      await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 1);
      first.close();
      answerFirst.countDown();

      try (Notifier second = start(client, config)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 2);
        assertThat(second.state()).isEqualTo(Notifier.State.RUNNING);
      }
      assertThat(received.get(0).webhookId()).isNotBlank().isEqualTo(received.get(1).webhookId())
          .isEqualTo(received.get(0).idempotencyKey()).isEqualTo(received.get(1).idempotencyKey());
      assertThat(handled).hasSize(1);
    } finally {
      answerFirst.countDown();
      server.stop(0);
      threads.shutdownNow();
    }
  }

  private static Notifier start(Map<String, Object> client, NotifierConfig config) {
    return Notifier.start(client, GROUP, config, new SimpleMeterRegistry(), Clock.systemUTC(),
        new PrintStream(PrintStream.nullOutputStream()));
  }

  private static NotifierConfig withWebhook(NotifierConfig c, String url) {
    NotifierConfig.Webhook hook = new NotifierConfig.Webhook("hook", url, "json", "", "", Duration.ofSeconds(60));
    return new NotifierConfig(false, c.maxAlertAge(), c.email(), List.of(hook), c.retry(), c.routing(), c.grouping(),
        c.silences(), c.rateLimit());
  }
}
