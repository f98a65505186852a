package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Alert;
import dev.bellwether.event.DeadLetter;
import dev.bellwether.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery with retries against a real HTTP server on 127.0.0.1 that fails a set number
 * of times, through the same {@link Dispatcher} the notifier uses.
 */
class WebhookReceiverTest {

  private static final String SECRET = "whsec-7f3a-never-print-me";
  private static final String PATH = "/hooks/T0001/B0001/tokenXYZ";

  /** One request as the server saw it. */
  private record Seen(String idempotencyKey, String signature, String contentType, byte[] body, String webhookId,
      String webhookTimestamp, String webhookSignature) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger failStatus = new AtomicInteger(503);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:16:00Z"));
  private HttpServer server;
  private Dispatcher dispatcher;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(PATH, exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      var headers = exchange.getRequestHeaders();
      seen.add(new Seen(headers.getFirst("Idempotency-Key"), headers.getFirst(WebhookReceiver.SIGNATURE),
          headers.getFirst("Content-Type"), body, headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
          headers.getFirst("webhook-signature")));
      // Each attempt is sent a second after the one before: its timestamp and signature are its own.
      clock.advance(Duration.ofSeconds(1));
      int status = failuresLeft.getAndDecrement() > 0 ? failStatus.get() : 200;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    if (dispatcher != null) {
      dispatcher.close(Duration.ofSeconds(2));
    }
    server.stop(0);
  }

  @Test
  void deliversOnceAfterThreeUnavailableAnswersWithOneKeyAndValidSignatures() {
    failuresLeft.set(3);
    start(5, "json");

    Announcement announcement = announce();

    await().atMost(Duration.ofSeconds(10)).until(() -> count("sent") == 1.0);
    assertThat(seen).hasSize(4);
    assertThat(seen).extracting(Seen::idempotencyKey).containsOnly(announcement.alert().id() + ":2:ops");
    assertThat(seen).extracting(Seen::contentType).containsOnly("application/json");
    for (Seen request : seen) {
      assertThat(request.signature()).isEqualTo("sha256=" + hmacHex(SECRET, request.body()));
      assertThat(request.body()).isEqualTo(seen.get(0).body());
    }
    assertThat(count("retried")).isEqualTo(3.0);
    assertThat(count("failed")).isZero();
    assertThat(deadLetters).isEmpty();
    assertThat(registry.get("bellwether.notifier.delivery.latency").tag("receiver", "webhook").timer().count())
        .isEqualTo(1);
  }

  @Test
  void everyAttemptCarriesTheSameIdAndItsOwnTimestampedStandardWebhooksSignature() {
    failuresLeft.set(2);
    start(5, "json");
    Instant sent = clock.instant();

    Announcement announcement = announce();

    await().atMost(Duration.ofSeconds(10)).until(() -> count("sent") == 1.0);
    assertThat(seen).hasSize(3);
    byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < seen.size(); i++) {
      Seen request = seen.get(i);
      assertThat(request.webhookId()).isEqualTo(announcement.alert().id() + ":2:ops")
          .isEqualTo(request.idempotencyKey());
      assertThat(Long.parseLong(request.webhookTimestamp())).isEqualTo(sent.getEpochSecond() + i);
      Instant received = Instant.ofEpochSecond(Long.parseLong(request.webhookTimestamp()));
      assertThat(verify(key, request, request.webhookTimestamp(), received)).isTrue();
      // Captured and sent again ten minutes later, it is refused: the timestamp is old, and a fresh one breaks the signature.
      Instant later = received.plus(Duration.ofMinutes(10));
      assertThat(verify(key, request, request.webhookTimestamp(), later)).isFalse();
      assertThat(verify(key, request, Long.toString(later.getEpochSecond()), later)).isFalse();
    }
    assertThat(seen).extracting(Seen::webhookSignature).doesNotHaveDuplicates();
  }

  @Test
  void aStandardWebhooksSecretSignsWithItsDecodedKey() {
    byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    String secret = WebhookReceiver.STANDARD_SECRET_PREFIX + java.util.Base64.getEncoder().encodeToString(key);
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    Seen request = new Seen("k", null, null, body, "msg_1", "1796000000",
        WebhookReceiver.standardSignature(secret, "msg_1", 1796000000L, body));
    assertThat(verify(key, request, "1796000000", Instant.ofEpochSecond(1796000000L))).isTrue();
  }

  @Test
  void receiverThatNeverRecoversEndsInOneDeadLetterWithTheReasonAndNoSecret() {
    failuresLeft.set(Integer.MAX_VALUE);
    start(3, "slack");

    Announcement announcement = announce();

    await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.size() == 1);
    DeadLetter letter = deadLetters.get(0);
    assertThat(seen).hasSize(3);
    assertThat(letter.stage()).isEqualTo("notifier");
    assertThat(letter.sourceTopic()).isEqualTo("alerts");
    assertThat(letter.partition()).isEqualTo(2);
    assertThat(letter.offset()).isEqualTo(41L);
    assertThat(letter.key()).isEqualTo(announcement.alert().id());
    assertThat(letter.reason())
        .contains("receiver ops (webhook)")
        .contains("escalated revision 2")
        .contains("HTTP 503")
        .contains("after 3 attempts");
    assertThat(letter.toString()).doesNotContain(SECRET).doesNotContain("tokenXYZ");
    assertThat(count("failed")).isEqualTo(1.0);
    assertThat(count("retried")).isEqualTo(2.0);
    assertThat(registry.get("bellwether.deadletter.records").tag("stage", "notifier").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void clientErrorIsFinalAfterOneAttempt() {
    failuresLeft.set(Integer.MAX_VALUE);
    failStatus.set(400);
    start(5, "alertmanager");

    announce();

    await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.size() == 1);
    assertThat(seen).hasSize(1);
    assertThat(deadLetters.get(0).reason()).contains("HTTP 400 (not retried)");
    assertThat(count("retried")).isZero();
  }

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDate() {
    WebhookReceiver receiver = (WebhookReceiver) receivers("json").get(0);
    assertThat(receiver.retryAfter("2")).isEqualTo(Duration.ofSeconds(2));
    assertThat(receiver.retryAfter("Sun, 29 Nov 2026 10:16:30 GMT")).isEqualTo(Duration.ofSeconds(30));
    assertThat(receiver.retryAfter("soon")).isNull();
    assertThat(receiver.retryAfter(null)).isNull();
  }

  private void start(int attempts, String format) {
    NotifierConfig.Retry retry = new NotifierConfig.Retry(attempts, Duration.ofMillis(10), Duration.ofMillis(40));
    dispatcher = new Dispatcher(receivers(format), retry, deadLetters::add, registry, clock, () -> 0.5);
  }

  private List<Receiver> receivers(String format) {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    NotifierConfig config = new NotifierConfig(false, Duration.ofHours(6), null,
        List.of(new NotifierConfig.Webhook("ops", url, format, "HOOK_SECRET", "", Duration.ofSeconds(2))), null);
    return Receivers.of(config, Map.of("HOOK_SECRET", SECRET), new PrintStream(OutputStream.nullOutputStream()), clock);
  }

  private Announcement announce() {
    Alert alert = AlertLineTest.alert(Alert.Severity.CRITICAL, Alert.Status.FIRING, 2,
        List.of(AlertLineTest.headline(1, "ACME recalls every widget")));
    Announcement announcement = new Announcement(alert, AlertLine.Event.ESCALATED);
    dispatcher.dispatch(new Batch("ops", "{}", List.of(Entry.of(announcement, 2, 41L))));
    return announcement;
  }

  private double count(String outcome) {
    return registry.get("bellwether.notifier.notifications").tag("receiver", "webhook").tag("outcome", outcome)
        .counter().count();
  }

  /**
   * A webhook consumer's check in the Standard Webhooks scheme, written here independently of the
   * receiver: the timestamp within 5 minutes of {@code now}, and a {@code v1} signature of
   * {@code "id.timestamp.body"} that matches.
   */
  private static boolean verify(byte[] key, Seen request, String timestamp, Instant now) {
    if (Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) > 300) {
      return false;
    }
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
      mac.update((request.webhookId() + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      byte[] expected = ("v1," + java.util.Base64.getEncoder().encodeToString(mac.doFinal(request.body())))
          .getBytes(StandardCharsets.UTF_8);
      for (String signature : request.webhookSignature().split(" ")) {
        if (java.security.MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
          return true;
        }
      }
      return false;
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** HMAC-SHA256 computed here independently of the receiver, as a webhook consumer would. */
  private static String hmacHex(String secret, byte[] body) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
