package dev.bellwether.launcher;

import dev.bellwether.UserFacingException;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigException;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.console.Console;
import dev.bellwether.embedded.DirectoryLock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bellwether run}: starts the pipeline and runs until Ctrl-C (SIGINT) or SIGTERM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pipeline until Ctrl-C.",
      "",
      "Without --bootstrap-servers everything runs in this JVM: a Kafka broker (data under",
      "<data-dir>/kafka), a simulated newswire on 127.0.0.1 with a scheduled burst of negative",
      "news about one company, ingest, scoring, alerting and a notifier that prints ALERT lines.",
      "Metrics: http://127.0.0.1:9464/metrics; health: /health/live and /health/ready.",
      "Analyst console (live news, alerts, feedback): http://127.0.0.1:8080/ (console.* settings;",
      "a token is required when console.bind is not loopback: BELLWETHER_CONSOLE_TOKEN=NAME:TOKEN).",
      "",
      "With --bootstrap-servers it joins an existing Kafka cluster; --only starts some components,",
      "so that several instances can share the work (partitions are the unit of scale).",
    },
    footer = {
      "",
      "Examples:",
      "  ./bellwether run",
      "  ./bellwether run --config my.yaml",
      "  ./bellwether run --bootstrap-servers kafka1:9092 --only classifier",
      "",
      "Every setting can also be set by environment, e.g. BELLWETHER_ALERTS_WINDOW_SIZE=10m.",
    })
final class RunCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "YAML file with the settings to change.")
  Path configFile;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Use this Kafka cluster instead of the embedded broker.")
  String bootstrapServers;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "COMPONENT",
      description = "Start only these components: ${COMPLETION-CANDIDATES} (comma-separated). Needs an external cluster.")
  Set<Component> only;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Local state directory (default .bellwether).")
  Path dataDir;

  @Option(names = "--metrics-port", paramLabel = "PORT", description = "Port of the metrics endpoint (default 9464).")
  Integer metricsPort;

  @Override
  public Integer call() throws InterruptedException {
    BellwetherConfig config = new ConfigLoader().load(configFile, environment());
    Set<Component> components = only == null || only.isEmpty() ? EnumSet.allOf(Component.class) : only;
    if (only != null && !only.isEmpty() && config.kafka().embedded()) {
      throw new UserFacingException(
          "--only needs an external Kafka cluster: add --bootstrap-servers HOST:PORT (for example the broker"
              + " address that a full `bellwether run` prints at start-up)",
          null);
    }
    if (config.console().enabled()) {
      Console.checkAccess(config.console(), environment());
    }
    Pipeline pipeline;
    URI console = null;
    try {
      pipeline = Pipeline.start(config, components, System.out, Clock.systemUTC(), config.console().enabled());
    } catch (DirectoryLock.Locked e) {
      throw new UserFacingException(e.getMessage() + ": stop that run first (Ctrl-C), or give this one its own"
          + " --data-dir", e);
    } catch (UserFacingException | ConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new UserFacingException("could not start: " + FailureMessage.of(e), e);
    }
    if (config.console().enabled()) {
      try {
        console = pipeline.startConsole(config, environment(), Clock.systemUTC());
      } catch (RuntimeException e) {
        pipeline.close();
        throw e instanceof UserFacingException u ? u
            : new UserFacingException("could not start the console: " + FailureMessage.of(e), e);
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("Stopping Bellwether...");
                  pipeline.close();
                  stopped.countDown();
                },
                "bellwether-shutdown"));
    System.err.println("Bellwether is running " + components + " on Kafka " + pipeline.bootstrapServers()
        + (config.kafka().embedded() ? " (embedded broker)" : ""));
    if (pipeline.brokerNote() != null) {
      System.err.println("  note: " + pipeline.brokerNote() + ": give ops commands --bootstrap-servers "
          + pipeline.bootstrapServers());
    }
    if (pipeline.metricsUri() != null) {
      System.err.println("  metrics: " + pipeline.metricsUri() + "/metrics   health: " + pipeline.metricsUri() + "/health/ready");
    }
    if (console != null) {
      System.err.println("  analyst console: " + console);
    }
    if (pipeline.simulatorUri() != null) {
      System.err.println("  simulated newswire: " + pipeline.simulatorUri()
          + " (burst of negative news about " + config.embedded().simulator().burstCompany() + " in "
          + dev.bellwether.config.Durations.format(config.embedded().simulator().burstStartsAfter()) + ")");
    }
    System.err.println("  Ctrl-C stops everything.");
    stopped.await();
    return 0;
  }

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (bootstrapServers != null) {
      env.put(ConfigLoader.envName("kafka.bootstrap-servers"), bootstrapServers);
    }
    if (dataDir != null) {
      env.put(ConfigLoader.envName("data-dir"), dataDir.toString());
    }
    if (metricsPort != null) {
      env.put(ConfigLoader.envName("metrics.port"), metricsPort.toString());
    }
    return env;
  }
}
