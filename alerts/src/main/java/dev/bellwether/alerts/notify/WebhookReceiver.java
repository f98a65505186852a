package dev.bellwether.alerts.notify;

import dev.bellwether.config.NotifierConfig;
import dev.bellwether.http.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each notification (one alert, or a group of alerts that fired together) to one URL in one
 * of the {@link WebhookBodies} formats, with an id that is the same on every attempt and, when a
 * secret is configured, a timestamped signature in the Standard Webhooks scheme.
 *
 * <p>Headers: {@code Content-Type: application/json}; {@code Idempotency-Key} and
 * {@code webhook-id}, both {@link Notification#idempotencyKey()}; with a secret,
 * {@code webhook-timestamp} (Unix seconds of this attempt) and
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, so that a receiver
 * that checks the timestamp is recent refuses a captured request sent again later, and the older
 * {@code X-Bellwether-Signature: sha256=<hex HMAC-SHA256 of the body>}, which does not protect
 * against that. A secret written {@code whsec_<base64>} (as Standard Webhooks libraries generate
 * them) signs with the decoded bytes, any other with its UTF-8 bytes.
 *
 * <p>Delivery is at least once: a notifier that stops between a receiver's answer and the record
 * of it in {@code alerts.deliveries} sends the message again after its restart, with the same id,
 * which is how receivers drop the copy. Connection errors, timeouts, 5xx and 429 are retryable
 * (429 and 503 with their Retry-After); any other non-2xx status is final. The URL never appears
 * in a failure reason, since chat webhook URLs carry tokens.
 */
final class WebhookReceiver implements Receiver {

  /** The older signature header: the body alone, so a captured request can be replayed as it is. */
  static final String SIGNATURE = "X-Bellwether-Signature";
  /** Standard Webhooks: the message id, the same on every attempt. */
  static final String WEBHOOK_ID = "webhook-id";
  /** Standard Webhooks: when this attempt was sent, in Unix seconds. */
  static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
  /** Standard Webhooks: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}. */
  static final String WEBHOOK_SIGNATURE = "webhook-signature";
  /** Prefix of secrets in the Standard Webhooks form, whose key is the base64 after it. */
  static final String STANDARD_SECRET_PREFIX = "whsec_";

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
    String id = notification.idempotencyKey();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(config.timeout())
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", id)
            .header(WEBHOOK_ID, id)
            .header("User-Agent", "Bellwether-notifier")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret.isPresent()) {
      long timestamp = clock.instant().getEpochSecond();
      request.header(WEBHOOK_TIMESTAMP, Long.toString(timestamp));
      request.header(WEBHOOK_SIGNATURE, standardSignature(secret.get(), id, timestamp, body));
      request.header(SIGNATURE, signature(secret.get(), body));
    }
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
    return "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  /** {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed as Standard Webhooks keys {@code secret}. */
  static String standardSignature(String secret, String id, long timestamp, byte[] body) {
    byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return "v1," + Base64.getEncoder().encodeToString(hmac(key(secret), signed));
  }

  /** The HMAC key of {@code secret}: the decoded base64 of a {@code whsec_} secret, else its UTF-8 bytes. */
  static byte[] key(String secret) {
    if (secret.startsWith(STANDARD_SECRET_PREFIX)) {
      try {
        return Base64.getDecoder().decode(secret.substring(STANDARD_SECRET_PREFIX.length()));
      } catch (IllegalArgumentException notBase64) {
        return secret.getBytes(StandardCharsets.UTF_8);
      }
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(data);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** A Retry-After value (seconds, or an HTTP date) as a wait from now; null when absent or unreadable. */
  Duration retryAfter(String value) {
    return RetryAfter.wait(value, clock.instant());
  }
}
