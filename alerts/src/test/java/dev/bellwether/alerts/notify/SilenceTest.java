package dev.bellwether.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.ScopePattern;
import dev.bellwether.event.Silence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scope patterns, silence time ranges, and the book of config and topic silences. */
class SilenceTest {

  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void patternsMatchExactlyOrByGlob() {
    assertThat(new ScopePattern("entity:ACME").matches("entity:ACME")).isTrue();
    assertThat(new ScopePattern("entity:ACME").matches("entity:ACMEX")).isFalse();
    assertThat(new ScopePattern("topic:*").matches("topic:Earnings")).isTrue();
    assertThat(new ScopePattern("topic:*").matches("entity:Earnings")).isFalse();
    assertThat(new ScopePattern("entity:AC*").matches("entity:ACME")).isTrue();
    assertThat(new ScopePattern("entity:AC*").matches("entity:BETA")).isFalse();
    assertThat(new ScopePattern("*").matches("market")).isTrue();
    assertThat(new ScopePattern("*:*ME").matches("entity:ACME")).isTrue();
    assertThatThrownBy(() -> new ScopePattern("entity: ACME")).hasMessageContaining("'entity: ACME'");
  }

  @Test
  void aNewSilenceOrRuleMustBeAbleToMatchSomeScope() {
    assertThatThrownBy(() -> ScopePattern.checked("ACME")).hasMessageContaining("'ACME' matches no scope")
        .hasMessageContaining("write entity:ACME");
    assertThatThrownBy(() -> ScopePattern.checked("Earnings")).hasMessageContaining("topic:Earnings");
    assertThatThrownBy(() -> ScopePattern.checked("AC*")).hasMessageContaining("matches no scope");
    assertThatThrownBy(() -> ScopePattern.checked("entity:")).hasMessageContaining("matches no scope");
    assertThatThrownBy(() -> ScopePattern.checked("Entity:ACME")).hasMessageContaining("matches no scope");
    for (String ok : List.of("market", "entity:ACME", "topic:Earnings", "*", "entity:*", "*ACME", "ent*", "*:*ME")) {
      assertThat(ScopePattern.checked(ok).text()).isEqualTo(ok);
    }
  }

  @Test
  void silenceHoldsFromItsStartUntilJustBeforeItsEnd() {
    Silence s = new Silence(1, "s1", "entity:ACME", NOW, NOW.plus(Duration.ofHours(2)), "call", "desk", NOW);
    assertThat(s.silences("entity:ACME", NOW.minusSeconds(1))).isFalse();
    assertThat(s.silences("entity:ACME", NOW)).isTrue();
    assertThat(s.silences("entity:ACME", NOW.plus(Duration.ofHours(2)).minusMillis(1))).isTrue();
    assertThat(s.silences("entity:ACME", NOW.plus(Duration.ofHours(2)))).isFalse();

    Silence expired = s.expiredAt(NOW.plus(Duration.ofMinutes(5)));
    assertThat(expired.id()).isEqualTo("s1");
    assertThat(expired.silences("entity:ACME", NOW.plus(Duration.ofMinutes(5)))).isFalse();
  }

  @Test
  void bookTakesConfigSilencesAndTheLatestVersionOfEachTopicSilence() {
    SilenceBook book = new SilenceBook(List.of(
        new NotifierConfig.SilenceSetting("market", "", "", "never about the market", "ops")));
    assertThat(book.silencing("market", NOW)).hasValueSatisfying(s -> assertThat(s.id()).isEqualTo("config-0"));

    Silence s = new Silence(1, "s1", "topic:*", NOW, NOW.plus(Duration.ofHours(1)), "", "", NOW);
    book.put(s);
    assertThat(book.silencing("topic:Earnings", NOW)).isPresent();
    assertThat(book.active(NOW)).isEqualTo(2);
    book.put(s.expiredAt(NOW.plusSeconds(60)));
    assertThat(book.silencing("topic:Earnings", NOW.plusSeconds(60))).isEmpty();
    book.remove("s1");
    assertThat(book.active(NOW)).isEqualTo(1);
  }
}
