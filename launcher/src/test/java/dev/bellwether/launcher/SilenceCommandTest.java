package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The silence command's help and its refusals of bad input, before any Kafka is contacted. */
class SilenceCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cl = Bellwether.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void helpExplainsScopesStorageAndTheThreeSubcommandsWithExamples() {
    assertThat(execute("silence", "--help")).isZero();
    assertThat(out.toString())
        .contains("add", "list", "expire")
        .contains("entity:ACME", "topic:*", "alerts.silences", "--bootstrap-servers")
        .contains("bellwether silence add --scope entity:ACME --for 2h --comment");
  }

  @Test
  void rootHelpListsSilence() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).contains("silence");
  }

  @Test
  void addWithoutScopeNamesTheMissingOption() {
    assertThat(execute("silence", "add", "--for", "2h", "--comment", "x", "--bootstrap-servers", "127.0.0.1:1"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--scope");
  }

  @Test
  void badDurationIsRefusedWithItsValue() {
    int code = execute("silence", "add", "--scope", "entity:ACME", "--for", "soon", "--comment", "x",
        "--bootstrap-servers", "127.0.0.1:1");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--for 'soon'").contains("30m, 2h or 1d");
  }

  @Test
  void aScopeWithoutItsKindIsRefusedWithWhatWasMeant() {
    assertThat(execute("silence", "add", "--scope", "ACME", "--for", "1h", "--comment", "x",
        "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("bellwether: --scope: scope 'ACME' matches no scope: a scope is market,"
        + " topic:<topic> or entity:<ticker>; write entity:ACME");
  }

  @Test
  void badScopeAndStartAreRefusedWithTheirValues() {
    assertThat(execute("silence", "add", "--scope", "entity: ACME", "--for", "1h", "--comment", "x",
        "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(1);
    assertThat(err.toString()).contains("--scope").contains("'entity: ACME'");
    assertThat(execute("silence", "add", "--scope", "entity:ACME", "--for", "1h", "--starts", "tomorrow",
        "--comment", "x", "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(1);
    assertThat(err.toString()).contains("--starts 'tomorrow'");
  }
}
