package dev.bellwether.launcher;

import dev.bellwether.Progress;
import dev.bellwether.UserFacingException;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.ops.backup.TopicExport;
import dev.bellwether.ops.topics.TimeRange;
import dev.bellwether.ops.topics.TopicRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bellwether export}: a topic's records (or a time range of them) to a JSON-lines file. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    header = "Export a topic's records to a JSON-lines file, for backups and bug reports.",
    description = {
      "One line per record: topic, partition, offset (for reference), timestamp (epoch ms) and time,",
      "key (or key_base64), value (the JSON itself when the value is JSON, else value_base64) and",
      "headers. Committed records only; reading stops at the end offsets seen at start. --from/--to",
      "select by record timestamp (publication time on news.raw and news.scored).",
    },
    footer = {
      "",
      "Example:",
      "  bellwether export --topic news.raw --from 2026-11-29 --to 2026-11-30 --out raw-2026-11-29.jsonl \\",
      "      --bootstrap-servers 127.0.0.1:9192",
    })
final class ExportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin OpsOptions ops;

  @Option(names = "--topic", paramLabel = "TOPIC", required = true, description = "Topic to export.")
  String topic;

  @Option(names = "--from", paramLabel = "TIME", description = "First record timestamp exported (default: the beginning).")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "End of the range, excluded (default: the end).")
  String to;

  @Option(names = "--out", paramLabel = "FILE.jsonl", required = true, description = "File to write (replaced).")
  Path out;

  @Override
  public Integer call() {
    checkWritable(out, topic);
    BellwetherConfig config = ops.config();
    TimeRange range = TimeRange.parse(from, to);
    try (Admin admin = Admin.create(OpsOptions.client(config))) {
      TopicRange records = TopicRange.of(admin, topic, range);
      long n = TopicExport.run(OpsOptions.client(config), records, out,
          Progress.onStderr("export " + topic, "offsets", records.offsets()));
      spec.commandLine().getOut().printf("Exported %,d records of %s %s to %s%n", n, topic, range, out);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  /** Refuses an {@code --out} that names a folder or lies in a missing one, before anything is read. */
  static void checkWritable(Path out, String topic) {
    if (Files.isDirectory(out)) {
      throw new UserFacingException("--out " + out + " is a folder: give a file name, e.g. --out "
          + out.resolve(topic + ".jsonl"), null);
    }
    Path folder = out.toAbsolutePath().getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      throw new UserFacingException("--out " + out + ": the folder " + folder + " does not exist; create it first"
          + " (mkdir -p " + folder + ") or choose another", null);
    }
  }
}
