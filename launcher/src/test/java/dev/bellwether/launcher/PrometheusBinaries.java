package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the {@code prometheus} and {@code promtool} binaries are: on the PATH, as Debian's
 * {@code prometheus} package installs them.
 *
 * <p>Where the environment variable {@value #REQUIRE_ENV} is {@code true} (as {@code .ci/run} sets
 * it), tests that need them fail when they are missing, so CI cannot pass without running them.
 * Elsewhere they are skipped with a message saying how to install Prometheus, so {@code mvn verify}
 * works on a machine with only Java and Maven. {@code -Dbellwether.skipPrometheus=true} always skips.
 */
final class PrometheusBinaries {

  /** The system property that skips the tests needing Prometheus. */
  static final String SKIP_PROPERTY = "bellwether.skipPrometheus";

  /** The environment variable that makes a missing Prometheus a test failure instead of a skip. */
  static final String REQUIRE_ENV = "BELLWETHER_REQUIRE_PROMETHEUS";

  private PrometheusBinaries() {}

  /** The binary's path; skips the test when {@value #SKIP_PROPERTY} is set or when absent outside CI, else fails it. */
  static Path require(String name) {
    assumeFalse(Boolean.getBoolean(SKIP_PROPERTY), "skipped by -D" + SKIP_PROPERTY + "=true");
    Optional<Path> found = find(name);
    if (found.isEmpty()) {
      assumeTrue(Boolean.parseBoolean(System.getenv(REQUIRE_ENV)), "'" + name + "' is not on the PATH, so this test"
          + " is skipped: install Prometheus (Debian: apt-get install -y prometheus) to run it; CI sets "
          + REQUIRE_ENV + "=true and fails instead");
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
