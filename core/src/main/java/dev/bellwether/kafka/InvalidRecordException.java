package dev.bellwether.kafka;

/** A record that cannot be read as its topic's contract; the message says why, for a person. */
public final class InvalidRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A record refused for {@code reason}. */
  public InvalidRecordException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
