package dev.bellwether.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.config.FeedConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedsExampleTest {

  @Test
  void theRealFeedsExampleLoadsAsAWholeConfigWithPublicHttpsFeedsOnly() {
    BellwetherConfig config = new ConfigLoader().load(Path.of("..", "deploy", "feeds.example.yaml"), Map.of());
    assertThat(config.ingest().feeds()).hasSizeGreaterThanOrEqualTo(8);
    assertThat(config.ingest().allowPrivateAddresses()).isFalse();
    assertThat(config.embedded().simulator().enabled()).isFalse();
    for (FeedConfig feed : config.ingest().feeds()) {
      assertThat(URI.create(feed.url()).getScheme()).as(feed.name()).isEqualTo("https");
    }
    assertThat(config.ingest().feeds()).filteredOn(FeedConfig::fetchArticles).hasSize(1);
    assertThat(config.ingest().dedup().restore()).isTrue();
  }
}
