package dev.bellwether.alerts.notify;

import dev.bellwether.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a secret from the environment variable or the file a setting names, once at start-up.
 * Errors name the setting and the variable or file, never the secret.
 */
final class Secrets {

  private final Map<String, String> env;

  Secrets(Map<String, String> env) {
    this.env = env;
  }

  /**
   * The secret, or empty when neither source is set.
   *
   * @throws ConfigException when a named source is unset, empty or unreadable
   */
  Optional<String> read(String setting, String envName, String file) {
    if (!envName.isEmpty()) {
      String value = env.get(envName);
      if (value == null || value.isEmpty()) {
        throw new ConfigException(
            "Setting " + setting + "-env names environment variable " + envName + ", which is not set or empty");
      }
      return Optional.of(value);
    }
    if (!file.isEmpty()) {
      try {
        String value = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
          throw new ConfigException("Setting " + setting + "-file names " + file + ", which is empty");
        }
        return Optional.of(value);
      } catch (IOException e) {
        throw new ConfigException("Setting " + setting + "-file names " + file + ", which cannot be read: "
            + e.getClass().getSimpleName());
      }
    }
    return Optional.empty();
  }
}
