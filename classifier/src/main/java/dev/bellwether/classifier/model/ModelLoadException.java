package dev.bellwether.classifier.model;

/** A model version that cannot be used: missing files, wrong hashes, or heads that do not fit. */
public final class ModelLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A refusal with a message that names what differs. */
  public ModelLoadException(String message) {
    super(message);
  }

  /** A refusal caused by {@code cause}. */
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
