package dev.bellwether.config;

/**
 * A setting whose value a config record refuses. The loader adds the path of the enclosing
 * section, so the message a user sees names the whole setting, e.g.
 * {@code alerts.window.size = '-5m': must be positive}.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String setting;
  private final transient Object value;
  private final String problem;

  /** A refused value of {@code setting} (its name within its section). */
  public InvalidSettingException(String setting, Object value, String problem) {
    super(setting + " = '" + value + "': " + problem);
    this.setting = setting;
    this.value = value;
    this.problem = problem;
  }

  /** The setting's name within its section. */
  public String setting() {
    return setting;
  }

  /** The refused value. */
  public Object value() {
    return value;
  }

  /** What is wrong with it. */
  public String problem() {
    return problem;
  }
}
