package dev.bellwether.classifier.model;

import java.nio.file.Path;

/**
 * A model version as stored, without loading it into ONNX Runtime: the manifest and the
 * hash-checked heads bytes, so training can compare against it and continue from its weights.
 *
 * @param manifest the parsed manifest
 * @param heads bytes of the heads graph, checked against the manifest's hash
 * @param ownEncoder whether the version carries its own (fine-tuned) encoder
 * @param where the directory or class-path folder it came from, for messages and reports
 */
public record StoredModel(ModelManifest manifest, byte[] heads, boolean ownEncoder, String where) {

  /**
   * The version in {@code dir}, or the bundled one when {@code dir} is null.
   *
   * @throws ModelLoadException when a file is missing or a hash disagrees
   */
  public static StoredModel read(Path dir) {
    ModelFiles f = dir == null ? ModelFiles.fromClasspath(ModelFiles.BUNDLED) : ModelFiles.fromDirectory(dir);
    return new StoredModel(f.manifest(), f.heads(), f.encoder() != null, f.where());
  }
}
