package dev.bellwether.launcher;

import dev.bellwether.Progress;
import dev.bellwether.UserFacingException;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.kafka.TopicAdmin;
import dev.bellwether.ops.backup.TopicImport;
import dev.bellwether.ops.topics.LiveTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bellwether import}: the records of an export file into a topic. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    header = "Import a JSON-lines file written by 'export' into a topic, keeping keys and timestamps.",
    description = {
      "Keys, values, timestamps and headers are written as the file has them; partitions follow the",
      "keys (the file's partition and offset are for reference). The whole file is checked first, so",
      "a bad line stops the import before anything is written. A missing topic is created with",
      "--partitions. A live topic (news.raw, news.scored, alerts, ...) is refused unless --force:",
      "importing into news.raw feeds the running pipeline, and into alerts notifies.",
    },
    footer = {
      "",
      "Example:",
      "  bellwether import --topic news.raw.restored --in raw-2026-11-29.jsonl --bootstrap-servers 127.0.0.1:9192",
    })
final class ImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin OpsOptions ops;

  @Option(names = "--topic", paramLabel = "TOPIC", required = true, description = "Topic to write.")
  String topic;

  @Option(names = "--in", paramLabel = "FILE.jsonl", required = true, description = "File written by 'export'.")
  Path in;

  @Option(names = "--force", description = "Allow writing a live topic.")
  boolean force;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "1",
      description = "Partitions of the topic when it must be created (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() throws Exception {
    if (LiveTopics.isLive(topic) && !force) {
      throw new UserFacingException(topic + " is a live topic: the running pipeline would process (and may notify)"
          + " what is imported. Import into another topic, or add --force if that is what you want", null);
    }
    long records = TopicImport.check(in);
    BellwetherConfig config = ops.config();
    try (Admin admin = Admin.create(OpsOptions.client(config))) {
      if (!admin.listTopics().names().get().contains(topic)) {
        short replicas = TopicAdmin.replicationFactor(admin, config.kafka().replicationFactor(), Duration.ofSeconds(30));
        admin.createTopics(List.of(new NewTopic(topic, partitions, replicas).configs(Map.of(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(TopicAdmin.minInsyncReplicasFor(replicas))))))
            .all().get();
        spec.commandLine().getOut().println("Created topic " + topic + " with " + partitions + " partition(s)");
      }
    }
    long n = TopicImport.run(OpsOptions.client(config), in, topic, Progress.onStderr("import " + topic, "records", records));
    spec.commandLine().getOut().printf("Imported %,d records from %s into %s%n", n, in, topic);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
