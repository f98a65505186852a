package dev.bellwether.alerts.notify;

import dev.bellwether.config.NotifierConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each notification (one alert, or a group of alerts that fired together) to one URL in one of the {@link WebhookBodies} formats, signed with
 * HMAC-SHA256 when a secret is configured, with an idempotency key that is the same on every
 * attempt.
 *
 * <p>Headers: {@code Content-Type: application/json}, {@code Idempotency-Key} (see {@link Notification#idempotencyKey()}),
 * and {@code X-Bellwether-Signature: sha256=<hex HMAC-SHA256 of the body bytes>}. Connection
 * errors, timeouts, 5xx and 429 are retryable (429 and 503 with their Retry-After); any other
 * non-2xx status is final. The URL never appears in a failure reason, since chat webhook URLs
 * carry tokens.
 */
final class WebhookReceiver implements Receiver {

  /** The signature header. */
  static final String SIGNATURE = "X-Bellwether-Signature";

  private static final String HMAC = "HmacSHA256";

  private final NotifierConfig.Webhook config;
  private final URI uri;
  private final Optional<String> secret;
  private final HttpClient client;
  private final Clock clock;

  WebhookReceiver(NotifierConfig.Webhook config, Optional<String> secret, Clock clock) {
    this.config = config;
    this.uri = URI.create(config.url());
    this.secret = secret;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String kind() {
    return "webhook";
  }

  @Override
  public void deliver(Notification notification) throws DeliveryException {
    byte[] body = WebhookBodies.of(config.format(), notification);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(config.timeout())
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", notification.idempotencyKey())
            .header("User-Agent", "Bellwether-notifier")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    secret.ifPresent(s -> request.header(SIGNATURE, signature(s, body)));
    HttpResponse<Void> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      throw DeliveryException.retryable(prefix() + "timed out after " + config.timeout().toMillis() + " ms", null);
    } catch (IOException e) {
      throw DeliveryException.retryable(prefix() + "connection failed: " + e.getClass().getSimpleName(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryException.permanent(prefix() + "interrupted while the notifier stopped");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    if (status == 429 || status >= 500) {
      Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
      throw DeliveryException.retryable(prefix() + "HTTP " + status, retryAfter);
    }
    throw DeliveryException.permanent(prefix() + "HTTP " + status + " (not retried)");
  }

  private String prefix() {
    return "webhook " + config.name() + " (" + config.format() + "): ";
  }

  /** {@code sha256=<hex HMAC-SHA256 of body keyed with secret>}. */
  static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** A Retry-After value (seconds, or an HTTP date) as a wait from now; null when absent or unreadable. */
  Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Duration wait = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
