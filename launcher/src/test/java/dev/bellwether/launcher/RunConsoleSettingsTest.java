package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run} refuses a console open beyond loopback without tokens before it starts anything. */
class RunConsoleSettingsTest {

  @TempDir Path dir;

  @Test
  void runRefusesANonLoopbackConsoleWithoutTokensNamingTheSettings() throws Exception {
    Path config = dir.resolve("open.yaml");
    // token-env empty: a BELLWETHER_CONSOLE_TOKEN in the test's environment must not open it.
    Files.writeString(config, "console:\n  bind: 0.0.0.0\n  token-env: \"\"\n");
    StringWriter err = new StringWriter();
    CommandLine cl = Bellwether.commandLine();
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute("run", "--config", config.toString(), "--data-dir", dir.resolve("data").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("console.bind = '0.0.0.0'").contains("console.tokens-file");
    assertThat(dir.resolve("data")).doesNotExist();
  }
}
