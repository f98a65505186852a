package dev.bellwether.launcher;

import dev.bellwether.UserFacingException;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.ops.reset.OffsetReset;
import dev.bellwether.ops.topics.TimeRange;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bellwether reset}: moves a stopped application's input back (or forward) to a point in time. */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    header = "Reset an application's input offsets to a time, as kafka-streams-application-reset does.",
    description = {
      "Every input partition of the application's consumer group moves to its first record at or",
      "after --to-datetime (its end when there is none). For the Streams applications (classifier,",
      "alerts) their internal topics (<application id>-...-repartition and -changelog) are deleted,",
      "so state is rebuilt from the new position instead of counting the input twice; delete each",
      "instance's local state directory too (printed) before restarting. The notifier's delivery",
      "ledger keeps it from re-sending what receivers already have. Refused while the group has",
      "active members: stop every instance of the application first. Rewinding the classifier",
      "rescores into news.scored, which the alerts application then counts again: reset alerts to",
      "the same time, or use 'bellwether replay' to rescore into a separate topic instead.",
    },
    footer = {
      "",
      "Examples:",
      "  bellwether reset --application alerts --to-datetime 2026-11-29T00:00:00Z --dry-run \\",
      "      --bootstrap-servers 127.0.0.1:9192",
    })
final class ResetCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin OpsOptions ops;

  @Option(names = "--application", paramLabel = "APP", required = true,
      description = "classifier (or scoring), alerts or notifier.")
  String application;

  @Option(names = "--to-datetime", paramLabel = "TIME", required = true,
      description = "2026-11-29T08:00:00Z, 2026-11-29T09:00:00+01:00, 2026-11-29T08:00 (UTC) or 2026-11-29.")
  String toDatetime;

  @Option(names = "--dry-run", description = "Print what would change; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    OffsetReset.Application app = switch (application.toLowerCase(java.util.Locale.ROOT)) {
      case "classifier", "scoring" -> OffsetReset.Application.CLASSIFIER;
      case "alerts", "alerting" -> OffsetReset.Application.ALERTS;
      case "notifier" -> OffsetReset.Application.NOTIFIER;
      default -> throw new UserFacingException("--application " + application
          + " is not an application with input offsets; give classifier, alerts or notifier", null);
    };
    BellwetherConfig config = ops.config();
    try (Admin admin = Admin.create(OpsOptions.client(config))) {
      OffsetReset.Plan plan = OffsetReset.plan(admin, config.kafka(), config.dataDir(), app,
          TimeRange.instant("--to-datetime", toDatetime));
      if (!dryRun) {
        OffsetReset.apply(admin, plan);
      }
      OffsetReset.print(plan, dryRun, spec.commandLine().getOut());
    }
    return 0;
  }
}
