package dev.bellwether.config;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The notifier, which delivers alerts outside Kafka: to the console, by email and to webhooks.
 *
 * <p>Secrets (the SMTP password, webhook signing secrets) are never settings themselves: a setting
 * names the environment variable or the file that holds them.
 *
 * @param console print each alert revision as one line starting with {@code ALERT}
 * @param maxAlertAge alerts whose window ended longer ago than this (by the wall clock) are not
 *     notified, so a replay or a restart never re-sends old news
 * @param email delivery by SMTP
 * @param webhooks HTTP endpoints that receive each announcement
 * @param retry how failed email and webhook deliveries are retried
 */
public record NotifierConfig(
    boolean console, Duration maxAlertAge, Email email, List<Webhook> webhooks, Retry retry) {

  /** The webhook body formats. */
  public static final List<String> FORMATS = List.of("json", "slack", "alertmanager");

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern RECEIVER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  /** Checks every value; a missing email, webhook list or retry section takes its defaults. */
  public NotifierConfig {
    Check.positive("max-alert-age", maxAlertAge);
    email = email == null ? Email.DISABLED : email;
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    retry = retry == null ? Retry.DEFAULT : retry;
    Set<String> names = new HashSet<>();
    for (Webhook webhook : webhooks) {
      if (!names.add(webhook.name())) {
        throw new InvalidSettingException("webhooks", webhook.name(), "webhook names must be unique");
      }
    }
  }

  /** The console-only notifier of earlier versions: no email, no webhooks, default retries. */
  public NotifierConfig(boolean console, Duration maxAlertAge) {
    this(console, maxAlertAge, Email.DISABLED, List.of(), Retry.DEFAULT);
  }

  /**
   * Delivery by SMTP; checked only when enabled.
   *
   * @param enabled whether to send email
   * @param host SMTP server
   * @param port SMTP port (587 for submission with STARTTLS, 25 without)
   * @param starttls require STARTTLS before sending anything, credentials included
   * @param username SMTP user; empty sends without authentication
   * @param passwordEnv environment variable holding the password
   * @param passwordFile file holding the password (one line)
   * @param from sender address
   * @param to recipient addresses
   * @param timeout connect, read and write timeout of the SMTP connection
   */
  public record Email(
      boolean enabled,
      String host,
      int port,
      boolean starttls,
      String username,
      String passwordEnv,
      String passwordFile,
      String from,
      List<String> to,
      Duration timeout) {

    /** Email switched off. */
    public static final Email DISABLED =
        new Email(false, "localhost", 587, true, "", "", "", "", List.of(), Duration.ofSeconds(10));

    /** Checks every value when enabled. */
    public Email {
      username = username == null ? "" : username;
      passwordEnv = passwordEnv == null ? "" : passwordEnv;
      passwordFile = passwordFile == null ? "" : passwordFile;
      from = from == null ? "" : from;
      to = to == null ? List.of() : List.copyOf(to);
      timeout = timeout == null ? Duration.ofSeconds(10) : Check.positive("timeout", timeout);
      secretSource("password-env", passwordEnv, "password-file", passwordFile);
      if (enabled) {
        Check.text("host", host);
        if (port < 1 || port > 65535) {
          throw new InvalidSettingException("port", port, "must be a TCP port in 1..65535");
        }
        address("from", from);
        if (to.isEmpty()) {
          throw new InvalidSettingException("to", to, "must name at least one recipient address");
        }
        for (String recipient : to) {
          address("to", recipient);
        }
        if (!username.isEmpty() && passwordEnv.isEmpty() && passwordFile.isEmpty()) {
          throw new InvalidSettingException(
              "username", username, "needs password-env or password-file to say where the password is");
        }
      }
    }
  }

  /**
   * One HTTP endpoint that receives each announcement.
   *
   * @param name short unique name, used in the idempotency key, logs and dead letters
   * @param url endpoint (http or https); treated as a secret, since chat webhook URLs carry tokens
   * @param format body format: {@code json}, {@code slack} or {@code alertmanager}
   * @param secretEnv environment variable holding the HMAC signing secret; optional
   * @param secretFile file holding the HMAC signing secret; optional
   * @param timeout connect timeout and whole-request timeout
   */
  public record Webhook(
      String name, String url, String format, String secretEnv, String secretFile, Duration timeout) {

    /** Checks every value; format defaults to json, timeout to 10s. */
    public Webhook {
      Check.text("name", name);
      if (!RECEIVER_NAME.matcher(name).matches()) {
        throw new InvalidSettingException(
            "name", name, "must be letters, digits, '-', '_' or '.', starting with a letter or digit, at most 63");
      }
      Check.text("url", url);
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        // The URL may carry a token: name the webhook, never echo the value.
        throw new InvalidSettingException("url", "(of webhook " + name + ")", "is not a URL");
      }
      if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
          || uri.getHost() == null) {
        throw new InvalidSettingException("url", "(of webhook " + name + ")", "must be an http or https URL with a host");
      }
      format = format == null || format.isBlank() ? "json" : format;
      if (!FORMATS.contains(format)) {
        throw new InvalidSettingException("format", format, "must be one of " + String.join(", ", FORMATS));
      }
      secretEnv = secretEnv == null ? "" : secretEnv;
      secretFile = secretFile == null ? "" : secretFile;
      secretSource("secret-env", secretEnv, "secret-file", secretFile);
      timeout = timeout == null ? Duration.ofSeconds(10) : Check.positive("timeout", timeout);
    }

    @Override
    public String toString() {
      return "Webhook[name=" + name + ", format=" + format + "]";
    }
  }

  /**
   * Retries of failed deliveries: exponential backoff with jitter, from {@code initialBackoff}
   * doubling up to {@code maxBackoff}; a server's Retry-After is honoured up to {@code maxBackoff}.
   *
   * @param attempts most delivery attempts, the first included
   * @param initialBackoff wait before the second attempt (before jitter)
   * @param maxBackoff longest wait between attempts
   */
  public record Retry(int attempts, Duration initialBackoff, Duration maxBackoff) {

    /** Five attempts, 1s doubling up to 1m. */
    public static final Retry DEFAULT = new Retry(5, Duration.ofSeconds(1), Duration.ofMinutes(1));

    /** Checks every value. */
    public Retry {
      Check.atLeast("attempts", attempts, 1);
      Check.positive("initial-backoff", initialBackoff);
      Check.positive("max-backoff", maxBackoff);
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new InvalidSettingException(
            "max-backoff", Durations.format(maxBackoff),
            "must be at least initial-backoff (" + Durations.format(initialBackoff) + ")");
      }
    }
  }

  private static void secretSource(String envSetting, String env, String fileSetting, String file) {
    if (!env.isEmpty() && !file.isEmpty()) {
      throw new InvalidSettingException(fileSetting, file, "give " + envSetting + " or " + fileSetting + ", not both");
    }
    if (!env.isEmpty() && !ENV_NAME.matcher(env).matches()) {
      // It may be the secret itself, pasted in the wrong place: never echo it.
      throw new InvalidSettingException(
          envSetting, "(not shown)", "must be the name of an environment variable (letters, digits, '_'), not the secret");
    }
  }

  private static void address(String setting, String value) {
    Check.text(setting, value);
    int at = value.indexOf('@');
    if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1 || value.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidSettingException(setting, value, "must be an email address such as alerts@example.com");
    }
  }
}
