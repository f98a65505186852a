package dev.bellwether.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads {@link BellwetherConfig}: the documented defaults ({@code bellwether-defaults.yaml}), then
 * an optional file, then {@code BELLWETHER_*} environment variables. Every problem becomes a
 * {@link ConfigException} naming the setting and the value.
 */
public final class ConfigLoader {

  /** Prefix of environment variables that override settings. */
  public static final String ENV_PREFIX = "BELLWETHER_";

  private static final String DEFAULTS = "/bellwether-defaults.yaml";

  private final ObjectMapper yaml;

  /** A loader. */
  public ConfigLoader() {
    SimpleModule durations = new SimpleModule("durations");
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    this.yaml =
        YAMLMapper.builder(new YAMLFactory())
            .addModule(durations)
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
  }

  /** Loads the defaults with the process environment applied. */
  public BellwetherConfig load() {
    return load(null, System.getenv());
  }

  /**
   * Loads the defaults, then {@code file} (when not null), then the {@code BELLWETHER_*} entries of
   * {@code env}.
   *
   * @throws ConfigException naming the setting and the value of the first problem found
   */
  public BellwetherConfig load(Path file, Map<String, String> env) {
    ObjectNode tree = defaults();
    if (file != null) {
      JsonNode user = readFile(file);
      if (!user.isMissingNode() && !user.isNull()) {
        if (!user.isObject()) {
          throw new ConfigException("Config file " + file + " must hold a YAML mapping of settings");
        }
        merge(tree, (ObjectNode) user, "", file.toString());
      }
    }
    applyEnvironment(tree, env);
    return bind(tree);
  }

  /** The names of the environment variables that override settings, for {@code --help}. */
  public List<String> environmentVariables() {
    List<String> names = new ArrayList<>();
    collectEnvNames(defaults(), "", names);
    return names;
  }

  private ObjectNode defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
      }
      return (ObjectNode) yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULTS, e);
    }
  }

  private JsonNode readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("Config file " + file + " does not exist or is not a file");
    }
    try {
      return yaml.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("Config file " + file + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  /** Copies {@code from} onto {@code into}; keys unknown to the defaults are refused. */
  private static void merge(ObjectNode into, ObjectNode from, String prefix, String origin) {
    for (Map.Entry<String, JsonNode> e : from.properties()) {
      String path = prefix + e.getKey();
      JsonNode current = into.get(e.getKey());
      if (current == null) {
        throw new ConfigException(
            "Unknown setting '" + path + "' in " + origin
                + "; see bellwether-defaults.yaml (or `bellwether run --help`) for the settings that exist");
      }
      if (current.isObject() && e.getValue().isObject() && !isFreeMap(path)) {
        merge((ObjectNode) current, (ObjectNode) e.getValue(), path + ".", origin);
      } else {
        into.set(e.getKey(), e.getValue());
      }
    }
  }

  /** Maps whose keys are the user's own (not settings), replaced whole. */
  private static boolean isFreeMap(String path) {
    return path.equals("kafka.client-overrides") || path.equals("embedded.broker-settings")
        || path.equals("alerts.spike.by-kind")
        || path.equals("alerts.window.by-kind");
  }

  private void applyEnvironment(ObjectNode tree, Map<String, String> env) {
    applyEnvironment(tree, "", env);
  }

  private void applyEnvironment(ObjectNode node, String prefix, Map<String, String> env) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      String path = prefix + key;
      JsonNode child = node.get(key);
      String value = env.get(envName(path));
      if (value != null) {
        node.set(key, parseScalar(path, value));
      } else if (child.isObject() && !isFreeMap(path)) {
        applyEnvironment((ObjectNode) child, path + ".", env);
      }
    }
  }

  private JsonNode parseScalar(String path, String value) {
    try {
      JsonNode parsed = yaml.readTree(value.isEmpty() ? "\"\"" : value);
      return parsed == null || parsed.isMissingNode() ? yaml.getNodeFactory().textNode(value) : parsed;
    } catch (IOException e) {
      throw new ConfigException(
          "Environment variable " + envName(path) + " = '" + value + "' is not a valid value for " + path, e);
    }
  }

  private static void collectEnvNames(JsonNode node, String prefix, List<String> names) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String path = prefix + e.getKey();
      if (e.getValue().isObject() && !isFreeMap(path)) {
        collectEnvNames(e.getValue(), path + ".", names);
      } else {
        names.add(envName(path));
      }
    }
  }

  /** The environment variable of a setting: {@code alerts.window.size} is {@code BELLWETHER_ALERTS_WINDOW_SIZE}. */
  public static String envName(String path) {
    return ENV_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private BellwetherConfig bind(ObjectNode tree) {
    try {
      return yaml.treeToValue(tree, BellwetherConfig.class);
    } catch (JsonMappingException e) {
      throw describe(e, tree);
    } catch (IOException e) {
      throw new ConfigException("Invalid configuration: " + e.getMessage(), e);
    }
  }

  private static ConfigException describe(JsonMappingException e, JsonNode tree) {
    StringBuilder path = new StringBuilder();
    JsonNode node = tree;
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
        node = node == null ? null : node.get(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
        node = node == null ? null : node.get(ref.getIndex());
      }
    }
    Throwable cause = e.getCause();
    if (cause instanceof InvalidSettingException) {
      InvalidSettingException bad = (InvalidSettingException) cause;
      String setting = (path.length() > 0 ? path + "." : "") + bad.setting();
      return new ConfigException(
          "Invalid setting " + setting + " = '" + bad.value() + "': " + bad.problem()
              + " (set it in your config file or with " + envName(setting) + ")",
          e);
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
      return new ConfigException("Unknown setting '" + path + "'", e);
    }
    String value = node == null ? "?" : node.isTextual() ? node.asText() : String.valueOf(node);
    String problem = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
    return new ConfigException(
        "Invalid setting " + path + " = '" + value + "': " + problem
            + " (set it in your config file or with " + envName(path.toString()) + ")",
        e);
  }

  /** Reads {@code 30s}-style and ISO-8601 durations. */
  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      try {
        return Durations.parse(text);
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
    }
  }
}
