package dev.bellwether.ingest.parse;

/** A feed body that is not a readable RSS, RDF or Atom document; the message says why. */
public final class MalformedFeedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A body refused for {@code reason}. */
  public MalformedFeedException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
