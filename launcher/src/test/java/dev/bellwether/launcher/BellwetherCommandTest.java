package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BellwetherCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cl = Bellwether.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).contains("run", "score", "train", "evaluate", "ingest", "bench", "./bellwether run");
  }

  @Test
  void everyCommandIsListedWithAWholeSentence() {
    java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(Bellwether.commandLine().getSubcommands().values());
    java.util.List<String> summaries = new java.util.ArrayList<>();
    while (!todo.isEmpty()) {
      CommandLine command = todo.pop();
      todo.addAll(command.getSubcommands().values());
      if (command.getCommandName().equals("help")) {
        continue;
      }
      var usage = command.getCommandSpec().usageMessage();
      String summary = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
      summaries.add(command.getCommandSpec().qualifiedName() + ": " + summary);
    }
    assertThat(summaries).hasSizeGreaterThan(15)
        .allSatisfy(s -> assertThat(s).as("listed in --help as").matches(".*: [A-Z].*[.)]"));
  }

  @Test
  void benchGroupsTheBenchmarks() {
    assertThat(execute("bench", "--help")).isZero();
    assertThat(out.toString()).contains("ingest", "alerts", "load");
  }

  @Test
  void benchLoadRefusesANonPositiveRateNamingIt() {
    int code = execute("bench", "load", "--rate", "0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--rate", "0.0");
  }

  @Test
  void badSettingStopsRunWithItsNameAndValue() {
    int code = execute("run", "--bootstrap-servers", "no-port-here", "--data-dir", "target/never-used");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("kafka.bootstrap-servers", "no-port-here");
  }

  @Test
  void onlyWithoutAClusterSaysWhatToAdd() {
    int code = execute("run", "--only", "classifier", "--data-dir", "target/never-used");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--bootstrap-servers");
  }
}
