package dev.bellwether.classifier.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test fixture: model version directories made from the bundled frozen-encoder model's files,
 * which need no encoder file of their own.
 */
public final class ModelVersions {

  private ModelVersions() {}

  /**
   * Writes the frozen-encoder model's files into {@code root/name}, the manifest saying
   * {@code version} and, when not null, {@code topics} as its topic labels.
   */
  public static Path write(Path root, String name, String version, List<String> topics) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    ModelManifest bundled;
    byte[] heads;
    try (InputStream m = ModelVersions.class.getResourceAsStream(ModelFiles.FROZEN + ModelManifest.FILE);
        InputStream h = ModelVersions.class.getResourceAsStream(ModelFiles.FROZEN + "heads.onnx")) {
      bundled = ModelManifest.parse(m.readAllBytes(), "bundled");
      heads = h.readAllBytes();
    }
    ModelManifest changed = new ModelManifest(bundled.name(), version, bundled.created(), bundled.encoder(),
        bundled.heads(), new ModelManifest.Labels(topics == null ? bundled.labels().topic() : topics,
            bundled.labels().sentiment()), bundled.training());
    Files.write(dir.resolve(bundled.heads().file()), heads);
    Files.write(dir.resolve(ModelManifest.FILE), changed.toJson());
    return dir;
  }
}
