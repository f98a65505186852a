package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.kafka.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code backtest} end to end with the bundled model on a small generated news file: six calm
 * hours of varied company and market headlines, then twenty minutes in which three wires report
 * a crash.
 */
class BacktestCommandTest {

  private static final Instant START = Instant.parse("2023-03-06T06:00:00Z");
  private static final Instant CRASH = START.plus(Duration.ofHours(6));

  @TempDir static Path dir;
  private static Path news;
  private static Path cache;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Bellwether.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void writeNews() throws Exception {
    String[] who = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell", "Soylent", "Cyberdyne"};
    String[] what = {"opens a new office in", "hires a chief engineer for", "launches a loyalty scheme in",
        "renames its flagship store in", "sponsors a marathon in", "publishes a sustainability report for",
        "moves its archive to", "hosts a developer day in"};
    String[] where = {"Lisbon", "Denver", "Osaka", "Leeds", "Porto", "Austin", "Gdansk", "Perth", "Quito", "Turin"};
    String[] markets = {"Dow ends flat as investors await jobs data", "FTSE 100 little changed in quiet trade",
        "Euro steady against dollar in thin trading", "Treasury yields hold steady ahead of auction",
        "Oil prices steady as traders weigh supply"};
    String[] crash = {"Stocks plunge as bank collapse sparks panic selling", "Global markets crash on contagion fears",
        "Shares tumble worldwide as investors flee risk", "Wall Street suffers worst day in years as banks sink",
        "European stocks slump as crisis spreads", "Bank shares crash after regulator seizes lender",
        "Markets in turmoil as bond yields soar", "Investors dump equities as recession fears mount",
        "Stock markets plunge for a third hour", "Banking stocks collapse as depositors flee",
        "Sell-off deepens as markets sink further", "Asian markets tumble after Wall Street rout"};
    Random random = new Random(11);
    List<String> lines = new ArrayList<>();
    int n = 0;
    for (Instant t = START; t.isBefore(CRASH); t = t.plusSeconds(60 + random.nextInt(60))) {
      String title = random.nextBoolean()
          ? who[random.nextInt(who.length)] + " " + what[random.nextInt(what.length)] + " "
              + where[random.nextInt(where.length)] + " (" + (++n) + ")"
          : markets[random.nextInt(markets.length)] + " in " + where[random.nextInt(where.length)] + " (" + (++n) + ")";
      lines.add(line("calm-" + n, title, "wire-" + n % 3, t));
    }
    for (int i = 0; i < 36; i++) {
      Instant t = CRASH.plusSeconds(i * 30L);
      lines.add(line("crash-" + i, crash[i % crash.length] + " - " + (i / crash.length + 1) + " (" + where[i % 10] + ")",
          "wire-" + i % 3, t));
    }
    news = dir.resolve("news.jsonl");
    Files.write(news, lines, StandardCharsets.UTF_8);
    cache = dir.resolve("cache");
  }

  private static String line(String id, String title, String source, Instant at) {
    return "{\"id\":\"" + id + "\",\"title\":\"" + title + "\",\"url\":\"https://n.example/" + id + "\",\"source\":\""
        + source + "\",\"published_at\":\"" + at + "\"}";
  }

  @Test
  void listsTheCrashAsAnEpisodeWithItsScopeAndFirstFiringAndScoresNothingTwice() throws Exception {
    Path events = dir.resolve("events.csv");
    Files.writeString(events, CRASH + ",*,crash,plunge|crash|tumble\n");
    Run first = run("backtest", news.toString(), "--cache", cache.toString(), "--events", events.toString(), "--json");
    assertThat(first.code()).as(first.err()).isZero();
    JsonNode report = Json.mapper().readTree(first.out());
    assertThat(report.get("scored").asLong() + report.get("cached").asLong()).as("every item scored once, now or before")
        .isEqualTo(report.get("items").asLong());
    JsonNode episodes = report.get("episodes");
    assertThat(episodes).isNotEmpty();
    JsonNode episode = episodes.get(0);
    assertThat(episode.get("scope").asText()).isNotBlank();
    Instant fired = Instant.parse(episode.get("first_fired_at").asText());
    assertThat(fired).isBetween(CRASH, CRASH.plus(Duration.ofMinutes(20)));
    assertThat(episode.get("headlines").get(0).get("title").asText()).isNotBlank();
    JsonNode event = report.get("events").get(0);
    assertThat(event.get("first_story_at").asText()).isEqualTo(CRASH.toString());
    assertThat(event.get("delay_minutes").asDouble()).isBetween(0.0, 20.0);

    Run second = run("backtest", news.toString(), "--cache", cache.toString());
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).contains("0 texts scored now").contains("first fired").contains("episodes per scope per week");
  }

  @Test
  void reportsOnlyTheRangeAskedForWhileEarlierNewsStillTeachesTheBaselines() throws Exception {
    Run before = run("backtest", news.toString(), "--cache", cache.toString(), "--to", CRASH.toString(), "--json");
    assertThat(before.code()).as(before.err()).isZero();
    assertThat(Json.mapper().readTree(before.out()).get("episodes")).isEmpty();
    Run after = run("backtest", news.toString(), "--cache", cache.toString(), "--from",
        CRASH.plus(Duration.ofHours(1)).toString(), "--json");
    JsonNode report = Json.mapper().readTree(after.out());
    assertThat(report.get("warm_up_items").asLong()).isEqualTo(report.get("items").asLong());
    assertThat(report.get("episodes")).isEmpty();
  }

  @Test
  void saysInOneLineWhatIsWrong() throws Exception {
    Run missing = run("backtest", dir.resolve("nope.jsonl").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().strip()).startsWith("bellwether: no such file").doesNotContain("\n");
    Path txt = Files.writeString(dir.resolve("news.txt"), "x");
    Run wrongKind = run("backtest", txt.toString(), "--cache", cache.toString());
    assertThat(wrongKind.code()).isEqualTo(1);
    assertThat(wrongKind.err()).contains(".jsonl").contains(".csv");
    Path events = Files.writeString(dir.resolve("bad-events.csv"), "2023-01-25,market\n");
    Run badEvents = run("backtest", news.toString(), "--cache", cache.toString(), "--events", events.toString());
    assertThat(badEvents.code()).isEqualTo(1);
    assertThat(badEvents.err()).contains("bad-events.csv:1");
  }

  @Test
  void helpSaysWhatItDoesAndHowToTune() {
    Run help = run("backtest", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--events", "--config", "--from", "--json", "cache", "TIME,SCOPE-PATTERN,LABEL");
  }
}
