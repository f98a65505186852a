package dev.bellwether.bench;

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
 * One {@code bellwether run --only <stage>} in a JVM of its own, as an operator starts an
 * instance: its output in a log file, its CPU time readable from outside, stopped with SIGTERM.
 */
final class StageProcess implements AutoCloseable {

  private static final Duration READY = Duration.ofMinutes(5);
  private static final String MAIN = "dev.bellwether.launcher.Bellwether";

  private final String name;
  private final Process process;
  private final Path log;

  private StageProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code bellwether run <args>} from {@code classPath} with {@code env} added, and waits
   * until it says it is running.
   *
   * @throws IllegalStateException when it exits first or does not say so within five minutes
   */
  static StageProcess start(String name, String classPath, String heap, List<String> args, Map<String, String> env,
      Path log) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-cp", classPath, MAIN, "run"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
    StageProcess stage = new StageProcess(name, process, log);
    long deadline = System.nanoTime() + READY.toNanos();
    while (!stage.output().contains("Bellwether is running")) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not start within " + READY.toMinutes() + " minutes; see " + log);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new IllegalStateException("interrupted while starting " + name, e);
      }
    }
    return stage;
  }

  /** Its name, e.g. {@code classifier-1}. */
  String name() {
    return name;
  }

  /** CPU time the process has used so far (all its threads, native ones included). */
  Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  private String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within two minutes. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
