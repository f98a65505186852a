package dev.bellwether.classifier.model;

import java.nio.file.Path;

/**
 * A model version as stored, without loading it into ONNX Runtime: the manifest and the
 * hash-checked heads bytes, so training can compare against it and continue from its weights.
 *
 * @param manifest the parsed manifest
 * @param heads bytes of the heads graph, checked against the manifest's hash
 * @param encoder bytes of the version's own (fine-tuned) encoder graph, checked against the
 *     manifest's hash; null when the version uses the encoder on the class path
 * @param where the directory or class-path folder it came from, for messages and reports
 */
public record StoredModel(ModelManifest manifest, byte[] heads, byte[] encoder, String where) {

  /**
   * The version in {@code dir}, or the bundled one when {@code dir} is null.
   *
   * @throws ModelLoadException when a file is missing or a hash disagrees
   */
  public static StoredModel read(Path dir) {
    return of(dir == null ? ModelFiles.fromClasspath(ModelFiles.BUNDLED) : ModelFiles.fromDirectory(dir));
  }

  /** The bundled frozen-encoder version (see {@link NewsClassifier#loadFrozen}). */
  public static StoredModel readFrozen() {
    return of(ModelFiles.fromClasspath(ModelFiles.FROZEN));
  }

  private static StoredModel of(ModelFiles f) {
    return new StoredModel(f.manifest(), f.heads(), f.encoder(), f.where());
  }

  /** Whether the version carries its own (fine-tuned) encoder. */
  public boolean ownEncoder() {
    return encoder != null;
  }
}
