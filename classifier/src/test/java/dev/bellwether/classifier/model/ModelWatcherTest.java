package dev.bellwether.classifier.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bellwether.event.ModelId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promoting a model version by re-pointing a link, without a restart; refusing a broken one. */
class ModelWatcherTest {

  private static final Function<Path, NewsClassifier> LOADER = dir -> NewsClassifier.load(dir, 1, 32);

  @TempDir Path root;

  private static void point(Path link, Path target) throws IOException {
    Path tmp = link.resolveSibling(link.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, target);
    Files.move(tmp, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void swapsInTheVersionALinkIsRepointedToAndRefusesABrokenOneKeepingTheOld() throws IOException {
    Path current = root.resolve("current");
    point(current, ModelVersions.write(root, "v1", "v1", null));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ModelSlot slot = ModelSlot.of(LOADER.apply(current));
        ModelWatcher watcher = ModelWatcher.of(slot, current, LOADER, registry)) {
      ModelId v1 = slot.currentId();
      assertThat(v1.version()).isEqualTo("v1");
      assertThat(watcher.check()).isEqualTo(ModelWatcher.Outcome.UNCHANGED);

      point(current, ModelVersions.write(root, "v2", "v2", null));
      assertThat(watcher.check()).isEqualTo(ModelWatcher.Outcome.SWAPPED);
      assertThat(slot.currentId().version()).isEqualTo("v2");
      assertThat(slot.currentId().sha256()).as("same files, another version").isEqualTo(v1.sha256());

      // Three topic labels for a 20-wide topic head: the load checks refuse it.
      point(current, ModelVersions.write(root, "v3", "v3", List.of("only", "a", "few")));
      assertThat(watcher.check()).isEqualTo(ModelWatcher.Outcome.REJECTED);
      assertThat(slot.currentId().version()).as("the old version keeps scoring").isEqualTo("v2");
      assertThat(watcher.check()).as("a refused version is not retried until it changes")
          .isEqualTo(ModelWatcher.Outcome.UNCHANGED);
      assertThat(registry.get(ModelWatcher.RELOADS).tag("outcome", "swapped").counter().count()).isEqualTo(1.0);
      assertThat(registry.get(ModelWatcher.RELOADS).tag("outcome", "rejected").counter().count()).isEqualTo(1.0);
    }
  }

  @Test
  void pollsTheDirectoryOnItsOwnThread() throws IOException {
    Path current = root.resolve("current");
    point(current, ModelVersions.write(root, "v1", "v1", null));
    try (ModelSlot slot = ModelSlot.of(LOADER.apply(current));
        ModelWatcher watcher = ModelWatcher.of(slot, current, LOADER, new SimpleMeterRegistry())
            .startPolling(Duration.ofMillis(50))) {
      point(current, ModelVersions.write(root, "v2", "v2", null));

      await().atMost(Duration.ofSeconds(60)).until(() -> "v2".equals(slot.currentId().version()));
      assertThat(watcher.lastOutcome()).isIn(ModelWatcher.Outcome.SWAPPED, ModelWatcher.Outcome.UNCHANGED);
    }
  }
}
