package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the {@code prometheus} and {@code promtool} binaries are: on the PATH, as Debian's
 * {@code prometheus} package installs them.
 *
 * <p>Tests that need them fail when they are missing, so CI cannot pass without running them;
 * {@code -Dbellwether.skipPrometheus=true} skips those tests instead, for machines that cannot
 * install Prometheus.
 */
final class PrometheusBinaries {

  /** The system property that skips the tests needing Prometheus. */
  static final String SKIP_PROPERTY = "bellwether.skipPrometheus";

  private PrometheusBinaries() {}

  /** The binary's path; skips the test when {@value #SKIP_PROPERTY} is set, else fails it when absent. */
  static Path require(String name) {
    assumeFalse(Boolean.getBoolean(SKIP_PROPERTY), "skipped by -D" + SKIP_PROPERTY + "=true");
    Optional<Path> found = find(name);
    if (found.isEmpty()) {
      fail("'" + name + "' is not on the PATH: install Prometheus (Debian: apt-get install -y prometheus, which also"
          + " brings promtool), or skip these tests with -D" + SKIP_PROPERTY + "=true");
    }
    return found.orElseThrow();
  }

  private static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
