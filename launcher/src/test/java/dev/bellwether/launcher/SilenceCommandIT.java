package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bellwether silence add | list | expire} against a real broker in this JVM. */
class SilenceCommandIT {

  @TempDir Path dir;

  @Test
  void addedSilenceIsListedUntilExpired() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      String kafka = broker.bootstrapServers();
      CommandRun added = CommandRun.of("silence", "add", "--scope", "entity:ACME", "--for", "2h", "--comment",
          "earnings call, expected noise", "--author", "desk", "--bootstrap-servers", kafka);
      assertThat(added.code()).as(added.err()).isZero();
      Matcher id = Pattern.compile("Silenced entity:ACME from .*Z to .*Z: id (\\w+)").matcher(added.out());
      assertThat(id.find()).as(added.out()).isTrue();

      CommandRun listed = CommandRun.of("silence", "list", "--bootstrap-servers", kafka);
      assertThat(listed.out()).contains(id.group(1)).contains("active").contains("entity:ACME").contains("desk")
          .contains("earnings call, expected noise");

      CommandRun expired = CommandRun.of("silence", "expire", id.group(1), "--bootstrap-servers", kafka);
      assertThat(expired.code()).as(expired.err()).isZero();
      assertThat(expired.out()).contains("Expired silence " + id.group(1) + " of entity:ACME");
      assertThat(CommandRun.of("silence", "list", "--bootstrap-servers", kafka).out()).contains("No silences in force");
      assertThat(CommandRun.of("silence", "list", "--all", "--bootstrap-servers", kafka).out()).contains("expired");

      CommandRun unknown = CommandRun.of("silence", "expire", "nope", "--bootstrap-servers", kafka);
      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.err()).contains("no silence with id nope");
    }
  }

}
