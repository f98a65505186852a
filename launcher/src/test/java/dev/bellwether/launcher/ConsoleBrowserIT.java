package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.config.BellwetherConfig;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.config.SimulatorConfig;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.kafka.Json;
import dev.bellwether.kafka.Topics;
import dev.bellwether.testing.CommittedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The analyst console in headless Chromium against the whole embedded pipeline: scored news
 * arrives on the page, headlines carrying markup show as text, the simulated burst's alert
 * appears, and a sentiment correction clicked in the page lands on the {@code feedback} topic.
 * Once the burst is over, the reloaded page still shows the headlines that raised the ACME alert,
 * its incident with its scopes, and a click on the alert's scope lists the stories of its window.
 *
 * <p>Screenshots go to {@code -Dbellwether.screenshots=DIR} (default {@code target/console-screenshots}).
 */
@Tag("slow") // waits for the demo's five-minute burst to end: mvn verify -Pslow runs it, plain mvn verify does not
class ConsoleBrowserIT {

  private static final String SCRIPT_TITLE = "<script>window.__pwned = 1</script> Injected headline one";
  private static final String IMG_TITLE = "\"><img src=x onerror=\"window.__pwned=2\"> Injected headline two";

  @TempDir Path dataDir;
  @TempDir Path profile;

  @Test
  void analystSeesNewsArriveThenTheBurstAlertAndCorrectsASentimentThatLandsOnTheFeedbackTopic() throws Exception {
    BrowserBinaries.Chromium browser = BrowserBinaries.require();
    BellwetherConfig config = new ConfigLoader().load(null, fastDemo());
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Path shots = Path.of(System.getProperty("bellwether.screenshots", "target/console-screenshots"));
    Files.createDirectories(shots);

    Instant started = Instant.now();
    try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Component.class), out, Clock.systemUTC())) {
      URI console = pipeline.startConsole(config, Map.of(), Clock.systemUTC());
      ChromeDriver driver = chrome(browser);
      try {
        driver.get(console.toString());

        await("scored items on the page").atMost(Duration.ofSeconds(120)).until(() -> rows(driver) >= 1);
        String newest = newestItem(driver);
        await("newer scored items arriving live").atMost(Duration.ofSeconds(120)).ignoreExceptions()
            .until(() -> !newestItem(driver).equals(newest));

        // After the alert: the burst is live news, so scoring has caught up with the simulated history
        // and the injected items are scored within seconds.
        await("the burst's alert on the page").atMost(Duration.ofSeconds(240)).ignoreExceptions()
            .until(() -> !driver.findElements(By.cssSelector(".alert-card[data-scope='entity:ACME']")).isEmpty());
        WebElement alert = driver.findElement(By.cssSelector(".alert-card[data-scope='entity:ACME']"));
        assertThat(alert.findElement(By.cssSelector(".evidence tr.evidence-first")).getText()).contains(" vs ").contains("z ");
        assertThat(alert.findElements(By.cssSelector(".headlines a.headline"))).isNotEmpty();
        List<String> injected = inject(pipeline.bootstrapServers(), SCRIPT_TITLE, IMG_TITLE);
        for (int i = 0; i < injected.size(); i++) {
          String id = injected.get(i);
          String title = i == 0 ? SCRIPT_TITLE : IMG_TITLE;
          await("injected headline " + id + " on the page").atMost(Duration.ofSeconds(120)).ignoreExceptions()
              .until(() -> headline(driver, id).getText().equals(title));
        }
        assertThat(driver.findElements(By.cssSelector("#items img, #items script"))).isEmpty();
        assertThat(headline(driver, injected.get(0)).getTagName()).as("a javascript: URL is no link").isEqualTo("span");
        assertThat(driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__pwned === undefined")).isEqualTo(true);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})",
            headline(driver, injected.get(1)));
        screenshot(driver, shots.resolve("console-injection.png"));

        await("a sentiment chart").atMost(Duration.ofSeconds(60)).until(
            () -> !driver.findElements(By.cssSelector("#charts figure.chart svg polyline")).isEmpty());
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        screenshot(driver, shots.resolve("console-overview.png"));

        String itemId = driver.findElement(By.cssSelector("#items li.item[data-sentiment='negative']"))
            .getAttribute("data-item-id");
        WebElement row = driver.findElement(By.cssSelector("li.item[data-item-id='" + itemId + "']"));
        assertThat(row.findElement(By.cssSelector("form.correct-form")).isDisplayed()).isFalse();
        row.findElement(By.cssSelector("button.correct-btn")).click();
        assertThat(row.findElement(By.cssSelector("form.correct-form")).isDisplayed()).isTrue();
        row.findElement(By.cssSelector("select.correct-sentiment option[value='positive']")).click();
        screenshot(driver, shots.resolve("console-correction.png"));
        row.findElement(By.cssSelector("button.correct-save")).click();

        await("the correction shown on its row").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
            () -> driver.findElement(By.cssSelector("li.item[data-item-id='" + itemId + "'] .corrected")).getText()
                .equals("corrected by local: positive"));
        screenshot(driver, shots.resolve("console-corrected.png"));
        JsonNode feedback = await("the correction on the feedback topic").atMost(Duration.ofSeconds(30))
            .until(() -> feedbackFor(pipeline.bootstrapServers(), itemId), f -> f != null);
        assertThat(feedback.get("kind").asText()).isEqualTo("label");
        assertThat(feedback.get("who").asText()).isEqualTo("local");
        assertThat(feedback.at("/prediction/sentiment").asText()).isEqualTo("negative");
        assertThat(feedback.at("/prediction/model/name").asText()).isNotBlank();
        assertThat(feedback.at("/correction/sentiment").asText()).isEqualTo("positive");
        assertThat(feedback.at("/item/text").asText()).isNotBlank();
        assertThat(feedback.at("/item/url").asText()).startsWith("http://127.0.0.1:");

        // After the burst: the page reloaded from the console's state, the ACME card still shows the
        // headlines that raised it, its incident names its scopes, and a click on the scope lists
        // every story of the alert's peak window.
        SimulatorConfig simulator = config.embedded().simulator();
        Instant burstOver = started.plus(simulator.burstStartsAfter()).plus(simulator.burstDuration()).plusSeconds(5);
        await("the burst over").atMost(simulator.burstDuration().plusMinutes(5)).pollInterval(Duration.ofSeconds(2))
            .until(() -> Instant.now().isAfter(burstOver));
        driver.navigate().refresh();
        // Cards are drawn again on every alert revision, so each check finds its elements afresh.
        String card = ".alert-card[data-scope='entity:ACME']";
        await("the ACME card after the burst, with its evidence and headlines").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
              WebElement kept = driver.findElement(By.cssSelector(card));
              assertThat(kept.findElements(By.cssSelector(".evidence tr.evidence-first, .evidence tr.evidence-peak,"
                  + " .evidence tr.evidence-latest"))).hasSize(3);
              assertThat(kept.findElement(By.cssSelector(".fired")).getText()).as("first fired, with a date")
                  .containsPattern("first fired \\d{4}-\\d{2}-\\d{2} ");
              List<WebElement> raised = kept.findElements(By.cssSelector(".headlines.raised a.headline"));
              assertThat(raised).as("headlines that raised the alert").isNotEmpty()
                  .anySatisfy(h -> assertThat(h.getText()).containsIgnoringCase("acme"));
              WebElement incident = driver.findElement(By.cssSelector(
                  ".incident-card[data-incident-id='" + kept.getAttribute("data-incident") + "']"));
              assertThat(incident.findElements(By.cssSelector(".incident-scopes li"))).isNotEmpty();
              assertThat(incident.getText()).contains("entity:ACME");
            });
        ((JavascriptExecutor) driver).executeScript(
            "document.querySelector('.incident-card').scrollIntoView({block: 'start'})");
        screenshot(driver, shots.resolve("console-incident.png"));
        ((JavascriptExecutor) driver).executeScript(
            "document.querySelector(\"" + card + "\").scrollIntoView({block: 'start'})");
        screenshot(driver, shots.resolve("console-evidence.png"));

        ((JavascriptExecutor) driver).executeScript(
            "document.querySelector(\"" + card + " button.scope-link\").click()");
        await("the alert's stories").atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> driver.findElement(By.id("drill")).isDisplayed()
                && !driver.findElements(By.cssSelector("#drill-items li.item")).isEmpty());
        await("the stories of the ACME alert").atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
          assertThat(driver.findElement(By.id("drill-title")).getText()).startsWith("entity:ACME: stories of the");
          assertThat(driver.findElements(By.cssSelector("#drill-items li.item .headline")))
              .anySatisfy(h -> assertThat(h.getText()).containsIgnoringCase("acme"));
        });
        screenshot(driver, shots.resolve("console-drill.png"));

        // A dashboard annotation's link to the scope: the news filtered by it, its alert in view.
        driver.get(console.resolve("/?kind=entity&scope=ACME").toString());
        await("the news filtered by the linked scope").atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .untilAsserted(() -> {
              assertThat(driver.findElement(By.id("filter-entity")).getAttribute("value")).isEqualTo("ACME");
              assertThat(driver.findElements(By.cssSelector("#items li.item:not([hidden]) .tags"))).isNotEmpty()
                  .allSatisfy(tags -> assertThat(tags.getText()).contains("ACME"));
            });
      } finally {
        driver.quit();
      }
    }
  }

  /** The system's chromium through its chromedriver; Selenium Manager is never asked to find or fetch one. */
  private ChromeDriver chrome(BrowserBinaries.Chromium browser) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.chromium().toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--window-size=1440,1000", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(browser.chromedriver().toFile())
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  private static int rows(ChromeDriver driver) {
    return driver.findElements(By.cssSelector("#items li.item")).size();
  }

  private static String newestItem(ChromeDriver driver) {
    return driver.findElement(By.cssSelector("#items li.item")).getAttribute("data-item-id");
  }

  private static WebElement headline(ChromeDriver driver, String id) {
    return driver.findElement(By.cssSelector("li.item[data-item-id='" + id + "'] .headline"));
  }

  private static List<String> inject(String bootstrap, String... titles) throws Exception {
    List<String> ids = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < titles.length; i++) {
        Instant now = Instant.now();
        String id = "injected-" + i + "-" + now.toEpochMilli();
        RawNewsItem item = RawNewsItem.of(id, "injection-test", "javascript:window.__pwned=3", titles[i], "", now, now,
            List.of());
        producer.send(new ProducerRecord<>(Topics.RAW.name(), null, now.toEpochMilli(), id,
            Topics.RAW.valueSerde().codec().encode(item))).get(10, TimeUnit.SECONDS);
        ids.add(id);
      }
    }
    return ids;
  }

  private static JsonNode feedbackFor(String bootstrap, String itemId) throws Exception {
    for (ConsumerRecord<String, byte[]> r : CommittedReader.readToEnd(bootstrap, Topics.FEEDBACK.name())) {
      JsonNode node = Json.mapper().readTree(r.value());
      if (itemId.equals(r.key()) && itemId.equals(node.at("/item/id").asText())) {
        return node;
      }
    }
    return null;
  }

  private static void screenshot(ChromeDriver driver, Path file) throws Exception {
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  /** Embedded defaults, sped up as in PipelineIT, with free ports for metrics and the console. */
  private Map<String, String> fastDemo() {
    Map<String, String> env = new HashMap<>();
    env.put(ConfigLoader.envName("data-dir"), dataDir.toString());
    env.put(ConfigLoader.envName("metrics.port"), "0");
    env.put(ConfigLoader.envName("console.port"), "0");
    // A free broker port: another run on this machine may hold the default one.
    env.put(ConfigLoader.envName("embedded.broker-port"), "0");
    env.put(ConfigLoader.envName("embedded.simulator.history"), "2h");
    env.put(ConfigLoader.envName("embedded.simulator.burst-starts-after"), "3s");
    env.put(ConfigLoader.envName("alerts.window.grace"), "2s");
    return env;
  }
}
