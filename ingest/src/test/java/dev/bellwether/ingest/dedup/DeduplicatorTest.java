package dev.bellwether.ingest.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.config.DedupConfig;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.ingest.dedup.StoryClusterer.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

  private static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static RawNewsItem item(String id, String title, Instant published) {
    return RawNewsItem.of(id, "t", "https://n.test/" + id, title,
        "The company said on Monday that its quarterly results beat analyst expectations by a wide margin.",
        published, NOW, List.of());
  }

  private static String id(int n) {
    return String.format("%032x", n);
  }

  @Test
  void restoredMemoryDropsRepeatsAndLinksCopiesLikeTheMemoryBeforeTheRestart() {
    Deduplicator before = new Deduplicator(DedupConfig.DEFAULTS, CLOCK);
    RawNewsItem first = before.assign(item(id(1), "Acme beats estimates in third quarter", NOW.minusSeconds(600))).item();
    RawNewsItem copy = before.assign(item(id(2), "Acme beats estimates in third quarter - report", NOW.minusSeconds(500)))
        .item();
    assertThat(copy.storyId()).isEqualTo(first.id());

    Deduplicator after = new Deduplicator(DedupConfig.DEFAULTS, CLOCK);
    Deduplicator.Restore restore = after.restore(NOW);
    restore.accept(first);
    restore.accept(copy);
    assertThat(restore.finish()).isEqualTo(2);

    assertThat(after.assign(item(id(1), "Acme beats estimates in third quarter", NOW.minusSeconds(600))).outcome())
        .isEqualTo(Outcome.DUPLICATE);
    StoryClusterer.Assignment third =
        after.assign(item(id(3), "UPDATE 1-Acme beats estimates in third quarter", NOW.minusSeconds(400)));
    assertThat(third.outcome()).isEqualTo(Outcome.NEAR_DUPLICATE);
    assertThat(third.item().storyId()).isEqualTo(first.id());
  }

  @Test
  void remembersIdsLongAfterTheStoryHorizonButWithinMaxAge() {
    Deduplicator d = new Deduplicator(new DedupConfig(10, Duration.ofHours(1), 100, Duration.ofDays(30), true), CLOCK);
    RawNewsItem old = item(id(7), "Central bank publishes annual report", NOW.minus(Duration.ofDays(20)));
    assertThat(d.assign(old).outcome()).isEqualTo(Outcome.NEW);
    for (int i = 100; i < 120; i++) {
      d.assign(item(id(i), "Distinct story number " + i + " about something else entirely", NOW));
    }
    assertThat(d.storyItems()).isLessThanOrEqualTo(10);
    assertThat(d.assign(old).outcome()).isEqualTo(Outcome.DUPLICATE);
  }

  @Test
  void boundsTheIdsByCapacityAndAge() {
    SeenIds ids = new SeenIds(3, Duration.ofDays(1));
    for (int i = 0; i < 5; i++) {
      ids.add(id(i), NOW.minus(Duration.ofHours(5 - i)));
    }
    assertThat(ids.size()).isEqualTo(3);
    assertThat(ids.contains(id(0), NOW)).isFalse();
    assertThat(ids.contains(id(4), NOW)).isTrue();
    assertThat(ids.contains(id(4), NOW.plus(Duration.ofDays(2)))).isFalse();
    assertThat(ids.size()).isZero();
  }
}
