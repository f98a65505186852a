package dev.bellwether.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private final ConfigLoader loader = new ConfigLoader();

  @TempDir Path dir;

  @Test
  void defaultsLoadIntoEmbeddedMode() {
    BellwetherConfig config = loader.load(null, Map.of());
    assertThat(config.kafka().embedded()).isTrue();
    assertThat(config.alerts().window().size()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.alerts().window().advance()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.metrics().host()).isEqualTo("127.0.0.1");
    assertThat(config.metrics().port()).isEqualTo(9464);
    assertThat(config.kafka().processingGuarantee()).isEqualTo("exactly_once_v2");
  }

  @Test
  void fileOverridesDefaultsAndEnvironmentOverridesFile() throws IOException {
    Path file = write("alerts:\n  window:\n    size: 10m\nkafka:\n  partitions: 6\n");
    BellwetherConfig config =
        loader.load(file, Map.of("BELLWETHER_KAFKA_PARTITIONS", "12", "BELLWETHER_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092"));
    assertThat(config.alerts().window().size()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.kafka().partitions()).isEqualTo(12);
    assertThat(config.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(config.kafka().embedded()).isFalse();
  }

  @Test
  void consolePublicUrlMustBeAnHttpAddress() {
    assertThat(loader.load(null, Map.of("BELLWETHER_CONSOLE_PUBLIC_URL", "https://news.example.com/")).console()
        .publicUrl()).isEqualTo("https://news.example.com/");
    assertThatThrownBy(() -> loader.load(null, Map.of("BELLWETHER_CONSOLE_PUBLIC_URL", "news.example.com")))
        .hasMessageContaining("console.public-url").hasMessageContaining("news.example.com");
  }

  @Test
  void badValueNamesTheSettingAndTheValue() {
    assertThatThrownBy(() -> loader.load(null, Map.of("BELLWETHER_ALERTS_WINDOW_SIZE", "-5m")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.window.size")
        .hasMessageContaining("-5m")
        .hasMessageContaining("BELLWETHER_ALERTS_WINDOW_SIZE");
  }

  @Test
  void unparsableDurationNamesTheSettingAndTheValue() {
    assertThatThrownBy(() -> loader.load(null, Map.of("BELLWETHER_ALERTS_WINDOW_GRACE", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.window.grace")
        .hasMessageContaining("soon");
  }

  @Test
  void advanceThatDoesNotDivideSizeIsRefused() {
    assertThatThrownBy(() -> loader.load(null, Map.of("BELLWETHER_ALERTS_WINDOW_ADVANCE", "7m")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.window.advance")
        .hasMessageContaining("7m");
  }

  @Test
  void malformedBootstrapServersAreRefused() {
    assertThatThrownBy(() -> loader.load(null, Map.of("BELLWETHER_KAFKA_BOOTSTRAP_SERVERS", "localhost")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.bootstrap-servers")
        .hasMessageContaining("localhost");
  }

  @Test
  void unknownSettingInFileIsRefusedWithItsPath() throws IOException {
    Path file = write("alerts:\n  windw:\n    size: 10m\n");
    assertThatThrownBy(() -> loader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.windw");
  }

  @Test
  void feedsComeFromTheFileWithValidatedUrls() throws IOException {
    Path ok = write("ingest:\n  feeds:\n    - name: fed\n      url: https://example.org/feed.xml\n      poll-interval: 10m\n");
    assertThat(loader.load(ok, Map.of()).ingest().feeds())
        .singleElement()
        .satisfies(f -> assertThat(f.pollInterval()).isEqualTo(Duration.ofMinutes(10)));

    Path bad = write("ingest:\n  feeds:\n    - name: fed\n      url: ftp://example.org/feed.xml\n");
    assertThatThrownBy(() -> loader.load(bad, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.feeds[0].url")
        .hasMessageContaining("ftp://example.org/feed.xml");
  }

  @Test
  void everySettingHasAnEnvironmentVariable() {
    assertThat(loader.environmentVariables())
        .contains("BELLWETHER_KAFKA_BOOTSTRAP_SERVERS", "BELLWETHER_ALERTS_SPIKE_Z_WARNING", "BELLWETHER_DATA_DIR");
  }

  private Path write(String yaml) throws IOException {
    Path file = Files.createTempFile(dir, "config", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
