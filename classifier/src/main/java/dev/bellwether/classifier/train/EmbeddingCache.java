package dev.bellwether.classifier.train;

import dev.bellwether.classifier.model.ContentHash;
import dev.bellwether.classifier.model.TextEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Sentence vectors of a list of texts, stored on disk under
 * {@code <cache>/<encoder sha256>/<sha256 of max-tokens and the texts>.vec} so a second training
 * run with the same encoder and data skips the encoder. A null cache directory disables it.
 */
final class EmbeddingCache {

  private final Path dir;

  EmbeddingCache(Path dir) {
    this.dir = dir;
  }

  float[][] vectors(TextEncoder encoder, List<String> cleanTexts, IntConsumer progress) {
    Path file = null;
    if (dir != null) {
      String key = ContentHash.ofText(encoder.maxTokens() + "\n" + String.join("\u0000", cleanTexts));
      file = dir.resolve(encoder.sha256()).resolve(key + ".vec");
      if (Files.isRegularFile(file)) {
        float[][] cached = read(file, cleanTexts.size());
        if (cached != null) {
          progress.accept(cleanTexts.size());
          return cached;
        }
      }
    }
    float[][] vectors = encoder.encode(cleanTexts, progress).vectors();
    if (file != null) {
      write(file, vectors);
    }
    return vectors;
  }

  private static float[][] read(Path file, int expected) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      int n = in.readInt();
      int d = in.readInt();
      if (n != expected) {
        return null;
      }
      float[][] v = new float[n][d];
      for (float[] row : v) {
        for (int i = 0; i < d; i++) {
          row[i] = in.readFloat();
        }
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read embedding cache " + file, e);
    }
  }

  private static void write(Path file, float[][] vectors) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "vec", ".tmp");
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
        out.writeInt(vectors.length);
        out.writeInt(vectors.length == 0 ? 0 : vectors[0].length);
        for (float[] row : vectors) {
          for (float x : row) {
            out.writeFloat(x);
          }
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write embedding cache " + file, e);
    }
  }
}
