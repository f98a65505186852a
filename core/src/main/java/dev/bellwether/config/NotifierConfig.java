package dev.bellwether.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bellwether.event.ScopePattern;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
 * @param routing which receivers get which alerts
 * @param grouping how alerts that fire together become one message per receiver
 * @param silences silences from the config file (more come from the silences topic)
 * @param rateLimit most messages per receiver per period
 */
public record NotifierConfig(
    boolean console, Duration maxAlertAge, Email email, List<Webhook> webhooks, Retry retry, Routing routing,
    Grouping grouping, List<SilenceSetting> silences, RateLimit rateLimit) {

  /** The name of the console receiver, as routing rules write it. */
  public static final String CONSOLE = "console";

  /** The name of the email receiver, as routing rules write it. */
  public static final String EMAIL = "email";

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
    routing = routing == null ? Routing.DEFAULT : routing;
    grouping = grouping == null ? Grouping.DEFAULT : grouping;
    silences = silences == null ? List.of() : List.copyOf(silences);
    rateLimit = rateLimit == null ? RateLimit.UNLIMITED : rateLimit;
    Set<String> names = new HashSet<>();
    for (Webhook webhook : webhooks) {
      if (!names.add(webhook.name())) {
        throw new InvalidSettingException("webhooks", webhook.name(), "webhook names must be unique");
      }
      if (webhook.name().equals(CONSOLE) || webhook.name().equals(EMAIL)) {
        throw new InvalidSettingException("webhooks", webhook.name(), "console and email name the built-in receivers");
      }
    }
    checkRoutes(routing, receiverNames(console, email, webhooks));
  }

  /** The console-only notifier of earlier versions: no email, no webhooks, default retries. */
  public NotifierConfig(boolean console, Duration maxAlertAge) {
    this(console, maxAlertAge, Email.DISABLED, List.of(), Retry.DEFAULT);
  }

  /** A notifier with default routing (every receiver), grouping, no silences and no rate limit. */
  public NotifierConfig(boolean console, Duration maxAlertAge, Email email, List<Webhook> webhooks, Retry retry) {
    this(console, maxAlertAge, email, webhooks, retry, null, null, null, null);
  }

  /** The names of the receivers this config turns on: console (when on), email (when enabled), every webhook. */
  public Set<String> receiverNames() {
    return receiverNames(console, email, webhooks);
  }

  private static Set<String> receiverNames(boolean console, Email email, List<Webhook> webhooks) {
    Set<String> names = new LinkedHashSet<>();
    if (console) {
      names.add(CONSOLE);
    }
    if (email != null && email.enabled()) {
      names.add(EMAIL);
    }
    for (Webhook webhook : webhooks) {
      names.add(webhook.name());
    }
    return names;
  }

  private static void checkRoutes(Routing routing, Set<String> known) {
    checkReceivers("routing.receivers", routing.receivers(), known);
    for (int i = 0; i < routing.rules().size(); i++) {
      checkReceivers("routing.rules[" + i + "].receivers", routing.rules().get(i).receivers(), known);
    }
  }

  private static void checkReceivers(String setting, List<String> receivers, Set<String> known) {
    for (String name : receivers) {
      if (!known.contains(name)) {
        throw new InvalidSettingException(setting, name, "is not a receiver that is turned on; receivers: "
            + (known.isEmpty() ? "(none)" : String.join(", ", known))
            + " (console when notifier.console is true, email when notifier.email.enabled, webhooks by name)");
      }
    }
  }

  /**
   * Which receivers get an alert. Rules are tried in order; the first that matches decides, unless
   * it says {@code continue}, in which case later matching rules add their receivers too. An alert
   * no rule matches goes to the default {@code receivers}.
   *
   * @param receivers receivers of alerts no rule matches; empty means every receiver
   * @param rules the rules, in order
   */
  public record Routing(List<String> receivers, List<Rule> rules) {

    /** Every alert to every receiver. */
    public static final Routing DEFAULT = new Routing(List.of(), List.of());

    /** Copies the lists; missing ones are empty. */
    public Routing {
      receivers = receivers == null ? List.of() : List.copyOf(receivers);
      rules = rules == null ? List.of() : List.copyOf(rules);
    }
  }

  /**
   * One routing rule: every condition given must hold; an empty one matches anything.
   *
   * @param scopeKind {@code topic}, {@code entity} or {@code market}; empty for any
   * @param scope scope pattern, exact ({@code entity:ACME}) or glob ({@code topic:*}); empty for any
   * @param severity {@code warning} or {@code critical}; empty for any
   * @param receivers receivers of matching alerts; at least one
   * @param continueMatching whether later rules are tried too ({@code continue: true}); absent means false
   */
  public record Rule(
      String scopeKind, String scope, String severity, List<String> receivers,
      @JsonProperty("continue") Boolean continueMatching) {

    /** The scope kinds a rule can name. */
    public static final List<String> KINDS = List.of("topic", "entity", "market");

    /** The severities a rule can name. */
    public static final List<String> SEVERITIES = List.of("warning", "critical");

    /** Checks every value. */
    public Rule {
      scopeKind = scopeKind == null ? "" : scopeKind.toLowerCase(Locale.ROOT);
      scope = scope == null ? "" : scope;
      severity = severity == null ? "" : severity.toLowerCase(Locale.ROOT);
      receivers = receivers == null ? List.of() : List.copyOf(receivers);
      continueMatching = continueMatching != null && continueMatching;
      if (!scopeKind.isEmpty() && !KINDS.contains(scopeKind)) {
        throw new InvalidSettingException("scope-kind", scopeKind, "must be one of " + String.join(", ", KINDS));
      }
      if (!scope.isEmpty()) {
        pattern("scope", scope);
      }
      if (!severity.isEmpty() && !SEVERITIES.contains(severity)) {
        throw new InvalidSettingException("severity", severity, "must be one of " + String.join(", ", SEVERITIES));
      }
      if (receivers.isEmpty()) {
        throw new InvalidSettingException("receivers", receivers, "must name at least one receiver");
      }
    }
  }

  /**
   * Grouping, as in Prometheus Alertmanager: announcements for one receiver with the same group key
   * that come within {@code groupWait} of the first go out as one message; later ones for a group
   * already notified wait until {@code groupInterval} after its last message.
   *
   * @param by what the group key is made of, besides the receiver: any of {@code incident},
   *     {@code scope-kind}, {@code scope}, {@code severity}, {@code rule}; empty puts everything for a
   *     receiver in one group
   * @param groupWait how long the first announcement of a group waits for others
   * @param groupInterval least time between two messages of one group
   * @param sendResolved whether resolutions are notified
   */
  public record Grouping(List<String> by, Duration groupWait, Duration groupInterval, boolean sendResolved) {

    /** The labels a group key can be made of. */
    public static final List<String> LABELS = List.of("incident", "scope-kind", "scope", "severity", "rule");

    /**
     * One group per receiver and incident, 30s wait, 5m interval, resolutions sent: by incident, so
     * the alerts one event raises in several scopes are one message, and an unrelated alert (another
     * incident) is never held back by the group interval of one already notified.
     */
    public static final Grouping DEFAULT =
        new Grouping(List.of("incident"), Duration.ofSeconds(30), Duration.ofMinutes(5), true);

    /** Checks every value. */
    public Grouping {
      by = by == null ? List.of() : List.copyOf(new LinkedHashSet<>(by));
      for (String label : by) {
        if (!LABELS.contains(label)) {
          throw new InvalidSettingException("by", label, "must be one of " + String.join(", ", LABELS));
        }
      }
      groupWait = groupWait == null ? Duration.ofSeconds(30) : Check.nonNegative("group-wait", groupWait);
      groupInterval = groupInterval == null ? Duration.ofMinutes(5) : Check.nonNegative("group-interval", groupInterval);
    }
  }

  /**
   * A silence written in the config file: no notification for alerts whose scope matches, while
   * the time range lasts. An empty start means always started; an empty end, never ending.
   *
   * @param scope scope pattern: {@code entity:ACME}, {@code topic:*}, {@code entity:AC*}
   * @param startsAt ISO-8601 instant, e.g. {@code 2026-12-01T08:00:00Z}; empty for no start
   * @param endsAt ISO-8601 instant; empty for no end
   * @param comment why
   * @param author who
   */
  public record SilenceSetting(String scope, String startsAt, String endsAt, String comment, String author) {

    /** Checks every value. */
    public SilenceSetting {
      pattern("scope", scope);
      startsAt = startsAt == null ? "" : startsAt.strip();
      endsAt = endsAt == null ? "" : endsAt.strip();
      comment = comment == null ? "" : comment;
      author = author == null ? "" : author;
      Instant start = instant("starts-at", startsAt, Instant.MIN);
      Instant end = instant("ends-at", endsAt, Instant.MAX);
      if (end.isBefore(start)) {
        throw new InvalidSettingException("ends-at", endsAt, "must not be before starts-at (" + startsAt + ")");
      }
    }

    /** The start, {@link Instant#MIN} when none is given. */
    public Instant start() {
      return instant("starts-at", startsAt, Instant.MIN);
    }

    /** The end, {@link Instant#MAX} when none is given. */
    public Instant end() {
      return instant("ends-at", endsAt, Instant.MAX);
    }

    private static Instant instant(String setting, String value, Instant empty) {
      if (value.isEmpty()) {
        return empty;
      }
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new InvalidSettingException(setting, value, "must be an ISO-8601 instant such as 2026-12-01T08:00:00Z");
      }
    }
  }

  /**
   * A limit on messages per receiver. Past it, groups that come due wait, and the next message
   * the limit allows carries every waiting group at once: nothing is dropped, it comes later and
   * together.
   *
   * @param maxMessages most messages per receiver within {@code per}; 0 for no limit
   * @param per the sliding period the limit counts over
   */
  public record RateLimit(int maxMessages, Duration per) {

    /** No limit. */
    public static final RateLimit UNLIMITED = new RateLimit(0, Duration.ofHours(1));

    /** Checks every value. */
    public RateLimit {
      Check.atLeast("max-messages", maxMessages, 0);
      per = per == null ? Duration.ofHours(1) : Check.positive("per", per);
    }

    /** Whether a limit applies. */
    public boolean limited() {
      return maxMessages > 0;
    }
  }

  private static void pattern(String setting, String value) {
    try {
      ScopePattern.checked(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(setting, value, "must be a scope such as entity:ACME or a glob such as topic:*"
          + " (" + e.getMessage() + ")");
    }
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
