package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.embedded.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bellwether silence add | list | expire} against a real broker in this JVM. */
class SilenceCommandIT {

  @TempDir Path dir;

  @Test
  void addedSilenceIsListedUntilExpired() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
      String kafka = broker.bootstrapServers();
      Result added = execute("silence", "add", "--scope", "entity:ACME", "--for", "2h", "--comment",
          "earnings call, expected noise", "--author", "desk", "--bootstrap-servers", kafka);
      assertThat(added.code).as(added.err).isZero();
      Matcher id = Pattern.compile("Silenced entity:ACME from .*Z to .*Z: id (\\w+)").matcher(added.out);
      assertThat(id.find()).as(added.out).isTrue();

      Result listed = execute("silence", "list", "--bootstrap-servers", kafka);
      assertThat(listed.out).contains(id.group(1)).contains("active").contains("entity:ACME").contains("desk")
          .contains("earnings call, expected noise");

      Result expired = execute("silence", "expire", id.group(1), "--bootstrap-servers", kafka);
      assertThat(expired.code).as(expired.err).isZero();
      assertThat(expired.out).contains("Expired silence " + id.group(1) + " of entity:ACME");
      assertThat(execute("silence", "list", "--bootstrap-servers", kafka).out).contains("No silences in force");
      assertThat(execute("silence", "list", "--all", "--bootstrap-servers", kafka).out).contains("expired");

      Result unknown = execute("silence", "expire", "nope", "--bootstrap-servers", kafka);
      assertThat(unknown.code).isEqualTo(1);
      assertThat(unknown.err).contains("no silence with id nope");
    }
  }

  private record Result(int code, String out, String err) {}

  private static Result execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Bellwether.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
