package dev.bellwether.ingest.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeenIdsTest {

  @Test
  void reportsEachIdNewOnlyOnce() {
    SeenIds seen = new SeenIds(10);
    assertThat(seen.add("a")).isTrue();
    assertThat(seen.add("a")).isFalse();
    assertThat(seen.add("b")).isTrue();
  }

  @Test
  void forgetsTheLeastRecentlySeenIdBeyondItsCapacity() {
    SeenIds seen = new SeenIds(2);
    seen.add("a");
    seen.add("b");
    seen.add("a");
    seen.add("c");
    assertThat(seen.size()).isEqualTo(2);
    assertThat(seen.add("a")).isFalse();
    assertThat(seen.add("b")).isTrue();
  }

  @Test
  void forgetsARemovedIdSoItIsSentAgain() {
    SeenIds seen = new SeenIds(10);
    seen.add("a");
    seen.remove("a");
    assertThat(seen.add("a")).isTrue();
  }

  @Test
  void refusesAZeroCapacity() {
    assertThatThrownBy(() -> new SeenIds(0)).hasMessageContaining("capacity = 0");
  }
}
