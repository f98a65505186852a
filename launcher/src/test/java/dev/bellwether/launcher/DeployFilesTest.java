package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The deployment files under {@code deploy/} (none of which can be run here: no container engine,
 * no Kubernetes) checked against the launcher's documented interface: they parse, run the image
 * with command lines the launcher accepts ({@code run --only <component>}), expose only the metrics
 * port 9464, probe the health endpoints, set only {@code BELLWETHER_*} variables that are settings,
 * and mount configuration files the launcher loads.
 */
class DeployFilesTest {

  private static final String IMAGE = "bellwether:0.1.0";
  private static final int METRICS_PORT = 9464;
  private static final Set<String> COMPONENTS = Set.of("ingest", "classifier", "alerts", "notifier");

  @TempDir Path tmp;

  private final Path deploy = ObservabilityFiles.root().resolve("deploy");

  @Test
  void composeRunsEachComponentAsItsOwnServiceThroughTheLauncher() throws IOException {
    JsonNode compose = ObservabilityFiles.YAML.readTree(deploy.resolve("compose.yaml").toFile());
    JsonNode services = compose.path("services");
    Set<String> started = new HashSet<>();
    for (String name : COMPONENTS) {
      JsonNode service = services.path(name);
      assertThat(service.isObject()).as("compose service %s", name).isTrue();
      assertThat(service.path("image").asText()).as(name).isEqualTo(IMAGE);
      assertThat(service.path("build").path("dockerfile").asText()).isEqualTo("deploy/Containerfile");
      started.add(onlyComponent(strings(service.path("command"))));
      service.path("environment").fieldNames().forEachRemaining(env -> assertThat(settingsEnv()).contains(env));
      for (JsonNode port : service.path("ports")) {
        assertThat(port.asText()).as(name).endsWith(":" + METRICS_PORT);
      }
      for (JsonNode volume : service.path("volumes")) {
        String source = volume.asText().split(":")[0];
        assertThat(deploy.resolve(source)).as(name + " mounts " + source).exists();
      }
    }
    assertThat(started).isEqualTo(COMPONENTS);
    assertThat(services.fieldNames()).toIterable()
        .contains("kafka", "prometheus", "grafana", "mail");
    for (String other : List.of("prometheus", "grafana")) {
      for (JsonNode volume : services.path(other).path("volumes")) {
        assertThat(deploy.resolve(volume.asText().split(":")[0])).as(other).exists();
      }
    }
  }

  @Test
  void composeWiresPrometheusAndGrafanaToOurFiles() throws IOException {
    JsonNode prometheus = ObservabilityFiles.YAML.readTree(deploy.resolve("compose/prometheus.yml").toFile());
    assertThat(prometheus.path("rule_files").get(0).asText()).endsWith("/bellwether-rules.yml");
    List<String> targets = new ArrayList<>();
    prometheus.path("scrape_configs").get(0).path("static_configs").get(0).path("targets")
        .forEach(t -> targets.add(t.asText()));
    assertThat(targets).containsExactlyInAnyOrder(
        COMPONENTS.stream().map(c -> c + ":" + METRICS_PORT).toArray(String[]::new));

    JsonNode grafana = ObservabilityFiles.YAML.readTree(deploy.resolve("compose.yaml").toFile())
        .path("services").path("grafana");
    String datasource = Files.readString(
        ObservabilityFiles.root().resolve("dashboards/provisioning/datasources/prometheus.yaml"));
    grafana.path("environment").fieldNames().forEachRemaining(env -> {
      if (env.startsWith("BELLWETHER_")) {
        assertThat(datasource).as("provisioning uses %s", env).contains("${" + env + "}");
      }
    });
    String provider = Files.readString(
        ObservabilityFiles.root().resolve("dashboards/provisioning/dashboards/bellwether.yaml"));
    assertThat(provider).contains("path: /var/lib/grafana/dashboards/bellwether");
    assertThat(strings(grafana.path("volumes")))
        .contains("../dashboards/grafana:/var/lib/grafana/dashboards/bellwether:ro");
  }

  @Test
  void composeConfigurationLoads() {
    BellwetherConfig config = new ConfigLoader().load(deploy.resolve("compose/bellwether.yaml"), Map.of());
    assertThat(config.kafka().embedded()).isFalse();
    assertThat(config.notifier().email().enabled()).isTrue();
  }

  @Test
  void kubernetesHasOneDeploymentPerComponentWithProbesAndTheMetricsPort() throws IOException {
    List<JsonNode> docs = kubernetesDocuments();
    JsonNode configMap = kind(docs, "ConfigMap").get(0);
    Path mounted = tmp.resolve("bellwether.yaml");
    Files.writeString(mounted, configMap.path("data").path("bellwether.yaml").asText());
    BellwetherConfig config =
        new ConfigLoader().load(mounted, Map.of("BELLWETHER_SMTP_PASSWORD", "test-only"));
    int partitions = config.kafka().partitions();
    Set<String> secretEnv = new HashSet<>();
    Matcher m = Pattern.compile("password-env: (\\S+)").matcher(configMap.path("data").path("bellwether.yaml").asText());
    while (m.find()) {
      secretEnv.add(m.group(1));
    }

    Set<String> started = new HashSet<>();
    for (JsonNode deployment : kind(docs, "Deployment")) {
      String name = deployment.path("metadata").path("name").asText();
      JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
      assertThat(container.path("image").asText()).as(name).isEqualTo(IMAGE);
      String component = onlyComponent(strings(container.path("args")));
      started.add(component);
      assertThat(name).isEqualTo("bellwether-" + component);
      assertThat(deployment.path("spec").path("replicas").asInt()).as(name).isBetween(1, partitions);
      assertThat(container.path("ports")).hasSize(1);
      assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(METRICS_PORT);
      assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
      assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/live");
      for (JsonNode env : container.path("env")) {
        String var = env.path("name").asText();
        assertThat(settingsEnv().contains(var) || secretEnv.contains(var)).as("%s sets %s", name, var).isTrue();
        if (env.has("valueFrom")) {
          assertThat(env.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("bellwether-secrets");
        }
      }
    }
    assertThat(started).isEqualTo(COMPONENTS);
    assertThat(kind(docs, "Secret")).hasSize(1);
    assertThat(kind(docs, "Service").get(0).path("spec").path("ports").get(0).path("port").asInt())
        .isEqualTo(METRICS_PORT);
  }

  @Test
  void kustomizationListsEveryManifest() throws IOException {
    JsonNode kustomization = ObservabilityFiles.YAML.readTree(deploy.resolve("kubernetes/kustomization.yaml").toFile());
    List<String> listed = strings(kustomization.path("resources"));
    try (var files = Files.list(deploy.resolve("kubernetes"))) {
      assertThat(listed).containsExactlyInAnyOrderElementsOf(
          files.map(p -> p.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")).toList());
    }
  }

  @Test
  void containerImageRunsTheLauncherJarWithItsMetricsPort() throws IOException {
    String containerfile = Files.readString(deploy.resolve("Containerfile"));
    assertThat(containerfile)
        .contains("COPY launcher/target/bellwether.jar ", "COPY launcher/target/lib/ ")
        .contains("EXPOSE " + METRICS_PORT)
        .contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/bellwether/bellwether.jar\"]");
    Matcher env = Pattern.compile("\\b(BELLWETHER_[A-Z0-9_]+)=").matcher(containerfile);
    int found = 0;
    while (env.find()) {
      assertThat(settingsEnv()).contains(env.group(1));
      found++;
    }
    assertThat(found).isPositive();
  }

  /** The component a {@code run ... --only X} command line starts, after the launcher has parsed it. */
  private static String onlyComponent(List<String> args) {
    CommandLine.ParseResult parsed = Bellwether.commandLine().parseArgs(args.toArray(String[]::new));
    assertThat(parsed.subcommand()).as("%s", args).isNotNull();
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
    Set<Component> only = parsed.subcommand().matchedOptionValue("--only", Set.of());
    assertThat(only).as("%s", args).hasSize(1);
    return only.iterator().next().name().toLowerCase(Locale.ROOT);
  }

  /** Every {@code BELLWETHER_*} variable that sets a setting, derived from the shipped defaults. */
  private static Set<String> settingsEnv() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/bellwether-defaults.yaml")) {
      Set<String> names = new HashSet<>();
      collect(ObservabilityFiles.YAML.readTree(in), "", names);
      return names;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void collect(JsonNode node, String prefix, Set<String> names) {
    node.properties().forEach(e -> {
      names.add(ConfigLoader.envName(prefix + e.getKey()));
      if (e.getValue().isObject()) {
        collect(e.getValue(), prefix + e.getKey() + ".", names);
      }
    });
  }

  private List<JsonNode> kubernetesDocuments() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var files = Files.list(deploy.resolve("kubernetes"))) {
      for (Path f : files.filter(p -> !p.endsWith("kustomization.yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> it = ObservabilityFiles.YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
          docs.addAll(it.readAll());
        }
      }
    }
    return docs;
  }

  private static List<JsonNode> kind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
