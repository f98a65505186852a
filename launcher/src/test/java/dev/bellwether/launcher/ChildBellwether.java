package dev.bellwether.launcher;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code bellwether run} in a child JVM on the test's class path, so that a test can kill it
 * the way an operating system does: {@link #kill()} is SIGKILL (no shutdown hook, no clean close),
 * {@link #terminate()} is SIGTERM (the shutdown hook closes the Streams applications).
 */
final class ChildBellwether implements AutoCloseable {

  private static final Duration READY = Duration.ofSeconds(120);

  private final Process process;
  private final Path log;

  private ChildBellwether(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code bellwether run <args>} with {@code env} added to this JVM's environment, its
   * output in {@code log}, and waits until it says it is running.
   */
  static ChildBellwether start(List<String> args, Map<String, String> env, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(classPath());
    command.add(Bellwether.class.getName());
    command.add("run");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    ChildBellwether child = new ChildBellwether(process, log);
    await("child bellwether says it is running (log " + log + ")")
        .atMost(READY)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> {
          if (!process.isAlive()) {
            throw new AssertionError("child bellwether exited with " + process.exitValue() + ":\n" + child.output());
          }
          return child.output().contains("Bellwether is running");
        });
    return child;
  }

  /**
   * The class path of this test JVM. Under Maven's forked test runners it may be one manifest-only
   * jar whose {@code Class-Path} lists the rest; {@code java -cp} honours that manifest too.
   */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  /** Everything the child printed so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Where its log is, and its last lines: for the message of a failed wait. */
  String describe() {
    List<String> lines = output().lines().toList();
    return "log " + log + (isAlive() ? " (running)" : " (exited)") + ", last lines:\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** SIGKILL: the child stops at once, mid-transaction, without running any shutdown hook. */
  void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /**
   * SIGTERM: the child's shutdown hook closes the pipeline.
   *
   * @return the exit code
   */
  int terminate(Duration within) {
    process.destroy();
    return awaitExit(within);
  }

  private int awaitExit(Duration within) {
    try {
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("child bellwether did not exit within " + within + ":\n" + output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the child", e);
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
