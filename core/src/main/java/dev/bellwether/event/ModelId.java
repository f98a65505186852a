package dev.bellwether.event;

/**
 * Identifies the model that produced a score: its name, its version and a hash of its content.
 *
 * @param name model family, e.g. {@code bge-small-en-v1.5+heads}
 * @param version version written by {@code bellwether train}, e.g. {@code 2026-11-29.1}
 * @param sha256 hex SHA-256 over the encoder and head files, so two models never share an id
 */
public record ModelId(String name, String version, String sha256) {

  /** Checks that every part is present. */
  public ModelId {
    RawNewsItem.requireText(name, "model.name");
    RawNewsItem.requireText(version, "model.version");
    RawNewsItem.requireText(sha256, "model.sha256");
  }

  /** The short form shown to people: {@code name@version#first-12-hex-digits}. */
  public String display() {
    return name + "@" + version + "#" + sha256.substring(0, Math.min(12, sha256.length()));
  }
}
