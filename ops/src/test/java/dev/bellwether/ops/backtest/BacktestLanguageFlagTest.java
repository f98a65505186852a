package dev.bellwether.ops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.classifier.model.ClassifiedText;
import dev.bellwether.config.ClassifierConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BacktestLanguageFlagTest {

  private static final Instant T = Instant.parse("2023-01-25T04:41:00Z");
  private static final ClassifierConfig SCORING = new ConfigLoader().load(null, Map.of()).classifier();

  private static RawNewsItem item(String title) {
    return RawNewsItem.of("a", "wire", "https://n.example/a", title, "", T, T, List.of());
  }

  private static ClassifiedText cached(List<String> flags) {
    return new ClassifiedText(new TopicPrediction("Markets", 0.9, Map.of("Markets", 0.9)),
        SentimentPrediction.fromProbabilities(0.8f, 0.1f, 0.1f), flags, 1);
  }

  @Test
  void flagsCachedForeignTextAsTheClassifierNowDoes() {
    ClassifiedText v = Backtest.withLanguageFlag(cached(List.of("truncated")),
        item("Die Aktien der Bank fallen nach der Warnung und die Anleger sind nicht froh"), SCORING);
    assertThat(v.flags()).containsExactly("truncated", ClassifiedText.NOT_ENGLISH);
    assertThat(v.sentiment()).isEqualTo(cached(List.of()).sentiment());
  }

  @Test
  void dropsAStaleLanguageFlagFromEnglishText() {
    ClassifiedText v = Backtest.withLanguageFlag(cached(List.of(ClassifiedText.NOT_ENGLISH)),
        item("Adani shares fall after Hindenburg Research bets against the conglomerate"), SCORING);
    assertThat(v.flags()).isEmpty();
  }
}
