package dev.bellwether.classifier.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two files of a model version, read from a directory or from a class-path folder.
 *
 * @param manifest the parsed manifest
 * @param heads bytes of the heads graph, already checked against the manifest's hash
 * @param encoder bytes of the version's own encoder graph (a fine-tuned one), already checked
 *     against the manifest's hash; null when the encoder comes from the class path
 * @param where the directory or class-path folder, for messages
 */
record ModelFiles(ModelManifest manifest, byte[] heads, byte[] encoder, String where) {

  /** Class-path folder of the model bundled with this module: the default model. */
  static final String BUNDLED = "/dev/bellwether/classifier/model/default/";
  /**
   * Class-path folder of the heads trained on the shipped, not fine-tuned, int8 encoder: where
   * fine-tuning starts, and what {@code bellwether train} rebuilds.
   */
  static final String FROZEN = "/dev/bellwether/classifier/model/frozen/";

  static ModelFiles fromDirectory(Path dir) {
    String where = dir.toString();
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException("model directory " + dir + " does not exist: give a model version directory"
          + " (one that `bellwether train` wrote, holding manifest.json), or leave the option out for the bundled model");
    }
    ModelManifest m = ModelManifest.parse(read(dir.resolve(ModelManifest.FILE), where), where);
    String encoderFile = m.encoder().file();
    byte[] encoder = encoderFile == null ? null : read(dir.resolve(encoderFile), where);
    return checked(m, read(dir.resolve(m.heads().file()), where), encoder, where);
  }

  static ModelFiles fromClasspath(String folder) {
    String where = "classpath:" + folder;
    ModelManifest m = ModelManifest.parse(resource(folder + ModelManifest.FILE, where), where);
    String encoderFile = m.encoder().file();
    byte[] encoder = encoderFile == null ? null : resource(folder + encoderFile, where);
    return checked(m, resource(folder + m.heads().file(), where), encoder, where);
  }

  private static ModelFiles checked(ModelManifest m, byte[] heads, byte[] encoder, String where) {
    String actual = ContentHash.of(heads);
    if (!actual.equals(m.heads().sha256())) {
      throw new ModelLoadException(where + ": " + m.heads().file() + " has sha256 " + actual
          + " but the manifest says " + m.heads().sha256());
    }
    if (encoder != null && !ContentHash.of(encoder).equals(m.encoder().sha256())) {
      throw new ModelLoadException(where + ": " + m.encoder().file() + " has sha256 " + ContentHash.of(encoder)
          + " but the manifest says " + m.encoder().sha256());
    }
    return new ModelFiles(m, heads, encoder, where);
  }

  private static byte[] read(Path file, String where) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelLoadException(where + ": cannot read " + file.getFileName() + ": " + e, e);
    }
  }

  private static byte[] resource(String name, String where) {
    try (InputStream in = ModelFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new ModelLoadException(where + ": no resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ModelLoadException(where + ": cannot read " + name, e);
    }
  }
}
