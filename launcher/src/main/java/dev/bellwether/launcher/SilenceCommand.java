package dev.bellwether.launcher;

import dev.bellwether.UserFacingException;
import dev.bellwether.config.Durations;
import dev.bellwether.config.KafkaSettings;
import dev.bellwether.event.ScopePattern;
import dev.bellwether.event.Silence;
import dev.bellwether.kafka.SilenceTopic;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.kafka.Topics;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bellwether silence}: adds, lists and expires silences of alert notifications. */
@Command(
    name = "silence",
    mixinStandardHelpOptions = true,
    header = "Silence alert notifications for a scope for a while (add, list, expire).",
    description = {
      "A silence stops notifications (console, email, webhooks) for alerts whose scope matches it,",
      "between its start and its end. Alerts are still raised and kept on the alerts topic; only",
      "the notifications are held back, and counted in bellwether_notifier_alerts_silenced_total.",
      "",
      "Scopes are written as alerts show them: entity:ACME (one company), topic:Earnings (one topic),",
      "market; a * matches any run of characters: topic:* (every topic), entity:AC* (ACME, ACX, ...).",
      "Quote globs so that the shell leaves them alone: --scope 'topic:*'.",
      "",
      "Silences are kept in the Kafka topic alerts.silences, so they survive restarts, and a running",
      "notifier applies a new or expired silence within a second. Silences that should always hold",
      "can also be written in the config file (notifier.silences); those are not listed here.",
      "",
      "Every subcommand needs the Kafka address: --bootstrap-servers HOST:PORT (for a running",
      "'bellwether run', the address it printed at start-up), or BELLWETHER_KAFKA_BOOTSTRAP_SERVERS.",
      "",
    },
    footer = {
      "",
      "Examples:",
      "  bellwether silence add --scope entity:ACME --for 2h --comment \"earnings call, expected noise\" \\",
      "      --bootstrap-servers 127.0.0.1:9192",
      "  bellwether silence list --bootstrap-servers 127.0.0.1:9192",
      "  bellwether silence expire 3f2a9c0d1e --bootstrap-servers 127.0.0.1:9192",
    },
    subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class})
final class SilenceCommand implements Runnable {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The Kafka address every subcommand needs. */
  static final class Kafka {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
        defaultValue = "${env:BELLWETHER_KAFKA_BOOTSTRAP_SERVERS}",
        description = "Kafka holding the silences; for a running 'bellwether run', the address it printed.")
    String bootstrapServers;

    SilenceTopic topic() {
      return new SilenceTopic(client(), TIMEOUT, Clock.systemUTC());
    }

    Map<String, Object> client() {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new UserFacingException("give --bootstrap-servers HOST:PORT: the Kafka address 'bellwether run' printed"
            + " at start-up, or your cluster's", null);
      }
      Map<String, Object> client = Map.of("bootstrap.servers", bootstrapServers);
      OpsOptions.reachable(client, KafkaSettings.DEFAULT_CONNECT_TIMEOUT);
      return client;
    }

    UserFacingException unreachable(KafkaException e) {
      return new UserFacingException("cannot reach Kafka at " + bootstrapServers + " (" + e.getMessage()
          + "); is 'bellwether run' running, and is this the address it printed?", e);
    }
  }

  /** {@code silence add}. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Adds a silence and prints its id (needed to expire it early)."})
  static final class Add implements Callable<Integer> {
    @Mixin Kafka kafka;

    @Option(names = "--scope", required = true, paramLabel = "SCOPE",
        description = "Scope to silence: entity:ACME, topic:Earnings, market, or a glob such as topic:* or entity:AC*.")
    String scope;

    @Option(names = "--for", required = true, paramLabel = "DURATION",
        description = "How long it lasts from its start: 30m, 2h, 1d.")
    String length;

    @Option(names = "--starts", paramLabel = "TIME", defaultValue = "now",
        description = "When it starts: now (default) or an ISO-8601 time such as 2026-12-01T08:00:00Z.")
    String starts;

    @Option(names = "--comment", required = true, paramLabel = "TEXT",
        description = "Why: shown in 'silence list' and in the notifier's log line for each silenced alert.")
    String comment;

    @Option(names = "--author", paramLabel = "NAME", defaultValue = "${env:USER}",
        description = "Who is silencing (default: $USER).")
    String author;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Duration duration = duration(length);
      Instant start = start(starts);
      try {
        ScopePattern.checked(scope);
      } catch (IllegalArgumentException e) {
        throw new UserFacingException("--scope: " + e.getMessage(), null);
      }
      Silence silence;
      try {
        // Created with the spec's settings (compacted) before anything is written, so a broker
        // that auto-creates topics never makes a plain one.
        TopicAdmin.ensureTopics(kafka.client(), List.of(Topics.SILENCES), 0, (short) 0, TIMEOUT);
        silence = kafka.topic().add(scope, start, duration, comment, author == null ? "" : author);
      } catch (KafkaException | IllegalStateException e) {
        throw new UserFacingException("could not add the silence: " + e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("Silenced %s from %sZ to %sZ: id %s%n", silence.scope(), TIME.format(silence.startsAt()),
          TIME.format(silence.endsAt()), silence.id());
      out.flush();
      return 0;
    }
  }

  /** {@code silence list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"Lists silences that are in force or yet to start, newest first; --all adds expired ones."})
  static final class ListSilences implements Callable<Integer> {
    @Mixin Kafka kafka;

    @Option(names = "--all", description = "Include expired silences.")
    boolean all;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      List<Silence> silences;
      try {
        silences = kafka.topic().list(all);
      } catch (KafkaException e) {
        throw kafka.unreachable(e);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (silences.isEmpty()) {
        out.println(all ? "No silences." : "No silences in force or pending (--all shows expired ones).");
      } else {
        Instant now = Instant.now();
        out.printf("%-12s %-8s %-22s %-18s %-18s %-12s %s%n", "ID", "STATE", "SCOPE", "STARTS (UTC)", "ENDS (UTC)",
            "AUTHOR", "COMMENT");
        for (Silence s : silences) {
          String state = s.isActiveAt(now) ? "active" : s.endsAt().isAfter(now) ? "pending" : "expired";
          out.printf("%-12s %-8s %-22s %-18s %-18s %-12s %s%n", s.id(), state, s.scope(), TIME.format(s.startsAt()),
              TIME.format(s.endsAt()), s.author(), s.comment());
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code silence expire}. */
  @Command(name = "expire", mixinStandardHelpOptions = true,
      description = {"Ends a silence now; notifications for its scope resume within a second."})
  static final class Expire implements Callable<Integer> {
    @Mixin Kafka kafka;

    @Parameters(index = "0", paramLabel = "ID", description = "The silence id, as 'silence add' and 'silence list' print it.")
    String id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Optional<Silence> expired;
      try {
        expired = kafka.topic().expire(id);
      } catch (KafkaException e) {
        throw kafka.unreachable(e);
      }
      if (expired.isEmpty()) {
        throw new UserFacingException("no silence with id " + id + " ('bellwether silence list --all' shows them)", null);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("Expired silence %s of %s%n", id, expired.get().scope());
      out.flush();
      return 0;
    }
  }

  private static Duration duration(String text) {
    try {
      Duration d = Durations.parse(text);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("must be positive");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("--for '" + text + "' is not a positive duration such as 30m, 2h or 1d", null);
    }
  }

  private static Instant start(String text) {
    if ("now".equalsIgnoreCase(text)) {
      return Instant.now();
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new UserFacingException("--starts '" + text + "' is not 'now' or an ISO-8601 time such as"
          + " 2026-12-01T08:00:00Z", null);
    }
  }
}
