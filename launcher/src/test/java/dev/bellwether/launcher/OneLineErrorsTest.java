package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure a user can cause is one line on stderr that names the input, setting or port and
 * says what to do; no stack trace, no class names of the libraries underneath.
 */
class OneLineErrorsTest {

  @TempDir Path dir;

  @Test
  void evaluateNamesABadLabelAMissingColumnAMissingFileAndAFileWithoutRows() throws IOException {
    Path badLabel = write("bad-label.csv", "text,label", "Acme shares plunge,maybe");
    Path noColumn = write("no-column.csv", "headline,label", "Acme shares plunge,negative");
    Path headerOnly = write("header-only.csv", "text,label");

    assertOneLine(CommandRun.of("evaluate", "--task", "sentiment", "--data", badLabel.toString()),
        badLabel + " record 2: unknown sentiment label 'maybe'", "expected negative");
    assertOneLine(CommandRun.of("evaluate", "--task", "sentiment", "--data", noColumn.toString()),
        noColumn + " has no column 'text'");
    assertOneLine(CommandRun.of("evaluate", "--task", "sentiment", "--data", dir.resolve("missing.csv").toString()),
        "cannot read " + dir.resolve("missing.csv"), "no such file");
    CommandRun empty = CommandRun.of("evaluate", "--task", "sentiment", "--data", headerOnly.toString());
    assertOneLine(empty, "--data " + headerOnly + " has a header but no rows", "nothing to evaluate");
    assertThat(empty.out()).doesNotContain("accuracy");
  }

  @Test
  void scoreNamesAMissingModelDirectory() {
    assertOneLine(CommandRun.of("score", "--model", dir.resolve("no-model").toString(), "Acme falls"),
        "model directory " + dir.resolve("no-model") + " does not exist", "bellwether train");
  }

  @Test
  void exportRefusesAMissingFolderOrAFolderBeforeReadingKafka() throws IOException {
    Path missing = dir.resolve("no-such-folder").resolve("raw.jsonl");
    assertOneLine(CommandRun.of("export", "--topic", "news.raw", "--out", missing.toString(),
        "--bootstrap-servers", "127.0.0.1:1"), "the folder " + missing.getParent() + " does not exist", "mkdir -p");
    Path folder = Files.createDirectories(dir.resolve("exports"));
    assertOneLine(CommandRun.of("export", "--topic", "news.raw", "--out", folder.toString(),
        "--bootstrap-servers", "127.0.0.1:1"), "--out " + folder + " is a folder", folder.resolve("news.raw.jsonl")
        .toString());
  }

  @Test
  void runNamesATakenMetricsPortAndItsSettingBeforeStartingTheBroker() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Path data = dir.resolve("data");
      CommandRun run = CommandRun.of("run", "--data-dir", data.toString(), "--metrics-port",
          String.valueOf(taken.getLocalPort()));
      assertOneLine(run, "the metrics endpoint cannot listen on 127.0.0.1:" + taken.getLocalPort(), "metrics.port",
          "--metrics-port");
      assertThat(data.resolve("kafka")).doesNotExist();
    }
  }

  @Test
  void runNamesATakenConsolePortAtOnceBeforeStartingTheBroker() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Path config = write("console.yaml", "console:", "  port: " + taken.getLocalPort());
      Path data = dir.resolve("data");
      CommandRun run = CommandRun.of("run", "--config", config.toString(), "--data-dir", data.toString(),
          "--metrics-port", "0");
      assertOneLine(run, "the console cannot listen on 127.0.0.1:" + taken.getLocalPort(), "console.port");
      assertThat(data.resolve("kafka")).doesNotExist();
    }
  }

  @Test
  void anUnexpectedFailureIsOneLineThatSaysHowToSeeMore() {
    assertThat(FailureMessage.of(new NullPointerException("x is null")))
        .isEqualTo("unexpected NullPointerException: x is null (" + FailureMessage.DEBUG_HINT + ")");
    assertThat(FailureMessage.of(new java.io.UncheckedIOException("cannot write out.jsonl",
        new java.nio.file.AccessDeniedException("out.jsonl"))))
        .isEqualTo("cannot write out.jsonl: permission denied");
  }

  private Path write(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  private static void assertOneLine(CommandRun run, String... parts) {
    assertThat(run.code()).as(run.err()).isNotZero();
    String err = run.err().strip();
    assertThat(err).as("one line").doesNotContain("\n").startsWith("bellwether: ").contains(parts)
        .doesNotContain("Exception").doesNotContain("\tat ");
  }
}
