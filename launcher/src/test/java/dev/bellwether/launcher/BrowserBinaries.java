package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the headless browser for the console's browser test is: Debian's {@code chromium} and
 * {@code chromium-driver} ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}), or the paths
 * in {@code -Dbellwether.chromium} and {@code -Dbellwether.chromedriver}. Nothing is ever downloaded.
 *
 * <p>Where the environment variable {@value #REQUIRE_ENV} is {@code true} (as {@code .ci/run} sets
 * it), a missing browser fails the test; elsewhere the test is skipped with a message saying how
 * to install one. {@code -Dbellwether.skipBrowser=true} always skips.
 */
final class BrowserBinaries {

  /** The system property that skips the browser tests. */
  static final String SKIP_PROPERTY = "bellwether.skipBrowser";

  /** The environment variable that makes a missing browser a test failure instead of a skip. */
  static final String REQUIRE_ENV = "BELLWETHER_REQUIRE_BROWSER";

  /**
   * The two executables.
   *
   * @param chromium the browser
   * @param chromedriver the WebDriver server matching it
   */
  record Chromium(Path chromium, Path chromedriver) {}

  private BrowserBinaries() {}

  /** The browser and its driver; skips the test when they are absent outside CI, else fails it. */
  static Chromium require() {
    assumeFalse(Boolean.getBoolean(SKIP_PROPERTY), "skipped by -D" + SKIP_PROPERTY + "=true");
    Path chromium = Path.of(System.getProperty("bellwether.chromium", "/usr/bin/chromium"));
    Path driver = Path.of(System.getProperty("bellwether.chromedriver", "/usr/bin/chromedriver"));
    if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
      String missing = (Files.isExecutable(chromium) ? "" : chromium + " ") + (Files.isExecutable(driver) ? "" : driver);
      assumeTrue(Boolean.parseBoolean(System.getenv(REQUIRE_ENV)), "no headless browser (" + missing.strip()
          + " missing), so the console's browser test is skipped: install one (Debian: apt-get install -y chromium"
          + " chromium-driver) to run it; CI sets " + REQUIRE_ENV + "=true and fails instead");
      fail("no headless browser: " + missing.strip() + " missing; install Debian's chromium and chromium-driver,"
          + " point -Dbellwether.chromium and -Dbellwether.chromedriver at them, or skip with -D" + SKIP_PROPERTY
          + "=true");
    }
    return new Chromium(chromium, driver);
  }
}
