package dev.bellwether.config;

/** Configuration that stops start-up; the message names the setting, its value and what to do. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A configuration problem described by {@code message}. */
  public ConfigException(String message) {
    super(message);
  }

  /** A configuration problem described by {@code message}, caused by {@code cause}. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
