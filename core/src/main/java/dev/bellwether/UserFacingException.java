package dev.bellwether;

/** A failure whose message alone tells the user what happened and what to do; printed without a stack trace. */
public final class UserFacingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
