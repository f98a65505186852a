package dev.bellwether.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellwether.config.ConfigLoader;
import dev.bellwether.event.Feedback;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.event.Sentiment;
import dev.bellwether.kafka.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console's HTTP rules against a real server on loopback, with feedback kept in memory instead of Kafka. */
class ConsoleServerTest {

  private static final String TOKEN = "alice-token-0123456789";

  private final List<Feedback> written = new CopyOnWriteArrayList<>();
  private final List<String> silences = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final ConsoleState state = new ConsoleState(100, 10, 10);
  private final EventStream events = new EventStream(4, 100, Duration.ofSeconds(1));
  private final ScoredNewsItem item =
      ConsoleFixtures.scored("n1", "n1", ConsoleFixtures.SCRIPT_TITLE, "Stock Movement", 0.9, 0.02, "ACME");
  private ConsoleServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void beyondLoopbackEveryRequestWithoutAValidTokenIsRefused() throws Exception {
    URI base = start("0.0.0.0", Map.of("BELLWETHER_CONSOLE_TOKEN", "alice:" + TOKEN));

    assertThat(get(base, "/api/state", null).statusCode()).isEqualTo(401);
    assertThat(get(base, "/api/events", null).statusCode()).isEqualTo(401);
    assertThat(get(base, "/api/state", "Bearer wrong-token-0123456789").statusCode()).isEqualTo(401);
    HttpResponse<String> page = get(base, "/", null);
    assertThat(page.statusCode()).isEqualTo(401);
    assertThat(page.body()).contains("action=\"/login\"").doesNotContain("console.js");
    HttpResponse<String> post = send(base, "/api/feedback/label", null, "{\"item_id\":\"n1\",\"sentiment\":\"positive\"}");
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(written).isEmpty();

    HttpResponse<String> ok = get(base, "/api/state", "Bearer " + TOKEN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(ok.body()).get("who").asText()).isEqualTo("alice");
  }

  @Test
  void theLoginFormSetsACookieThatOpensThePage() throws Exception {
    URI base = start("127.0.0.1", Map.of("BELLWETHER_CONSOLE_TOKEN", "alice:" + TOKEN));

    HttpResponse<String> refused = http.send(form(base, "token=nope"), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("That token was refused");

    HttpResponse<String> login = http.send(form(base, "token=" + TOKEN), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(303);
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");

    HttpResponse<String> page = http.send(HttpRequest.newBuilder(base)
        .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("/console.js");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
  }

  @Test
  void aCorrectionIsRecordedWithWhoTheModelsPredictionAndTheItem() throws Exception {
    URI base = start("127.0.0.1", Map.of());

    HttpResponse<String> response = send(base, "/api/feedback/label", "1",
        "{\"item_id\":\"n1\",\"sentiment\":\"positive\",\"topic\":\"Earnings\",\"comment\":\"beat\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(written).hasSize(1);
    Feedback f = written.get(0);
    assertThat(f.kind()).isEqualTo(Feedback.Kind.LABEL);
    assertThat(f.who()).isEqualTo(ConsoleAccess.LOCAL);
    assertThat(f.item().id()).isEqualTo("n1");
    assertThat(f.item().text()).isEqualTo(ConsoleFixtures.SCRIPT_TITLE);
    assertThat(f.item().url()).isEqualTo(item.item().url());
    assertThat(f.prediction().model()).isEqualTo(ConsoleFixtures.MODEL);
    assertThat(f.prediction().sentiment()).isEqualTo(Sentiment.NEGATIVE);
    assertThat(f.prediction().topic()).isEqualTo("Stock Movement");
    assertThat(f.correction()).isEqualTo(new Feedback.Correction("Earnings", Sentiment.POSITIVE));
    assertThat(f.comment()).isEqualTo("beat");
    assertThat(state.snapshot("x").items().get(0).correctedBy()).isEqualTo(ConsoleAccess.LOCAL);
  }

  @Test
  void badFeedbackIsRefusedWithAReason() throws Exception {
    URI base = start("127.0.0.1", Map.of());

    assertRefused(send(base, "/api/feedback/label", "1", "{\"item_id\":\"n1\",\"sentiment\":\"gloomy\"}"), 400,
        "unknown sentiment label 'gloomy'");
    assertRefused(send(base, "/api/feedback/label", "1", "{\"item_id\":\"n1\",\"topic\":\"Weather\"}"), 400,
        "topic 'Weather' is not a label of model");
    assertRefused(send(base, "/api/feedback/label", "1", "{\"item_id\":\"n1\"}"), 400, "give a topic, a sentiment");
    assertRefused(send(base, "/api/feedback/label", "1", "{\"item_id\":\"gone\",\"sentiment\":\"positive\"}"), 404,
        "item gone is no longer");
    assertRefused(send(base, "/api/feedback/label", "1", "[1,2"), 400, "not valid JSON");
    assertRefused(send(base, "/api/feedback/alert", "1", "{\"alert_id\":\"" + alertId() + "\",\"verdict\":\"meh\"}"),
        400, "verdict 'meh'");
    assertRefused(send(base, "/api/silences", "1", "{\"alert_id\":\"" + alertId() + "\",\"duration\":\"90d\"}"), 400,
        "at most 30d");
    assertThat(written).isEmpty();
    assertThat(silences).isEmpty();
  }

  @Test
  void crossSitePostsAreRefused() throws Exception {
    URI base = start("127.0.0.1", Map.of());
    String body = "{\"item_id\":\"n1\",\"sentiment\":\"positive\"}";

    assertRefused(send(base, "/api/feedback/label", null, body), 403, "cross-site request refused");
    HttpRequest foreignOrigin = HttpRequest.newBuilder(base.resolve("/api/feedback/label"))
        .header("Content-Type", "application/json").header(ConsoleServer.CSRF_HEADER, "1")
        .header("Origin", "http://attacker.example").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    assertRefused(http.send(foreignOrigin, HttpResponse.BodyHandlers.ofString()), 403, "cross-site request refused");
    HttpRequest textPlain = HttpRequest.newBuilder(base.resolve("/api/feedback/label"))
        .header("Content-Type", "text/plain").header(ConsoleServer.CSRF_HEADER, "1")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    assertRefused(http.send(textPlain, HttpResponse.BodyHandlers.ofString()), 415, "application/json");
    assertThat(written).isEmpty();
  }

  @Test
  void behindATlsProxyLoginAndFeedbackAreAcceptedAndLogoutChecksTheOriginToo() throws Exception {
    URI base = start("127.0.0.1", Map.of("BELLWETHER_CONSOLE_TOKEN", "alice:" + TOKEN));
    String https = "https://127.0.0.1:" + base.getPort();

    HttpResponse<String> login = http.send(HttpRequest.newBuilder(base.resolve("/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", https)
        .header("X-Forwarded-Proto", "https").POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
    assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");

    HttpResponse<String> label = http.send(HttpRequest.newBuilder(base.resolve("/api/feedback/label"))
        .header("Content-Type", "application/json").header(ConsoleServer.CSRF_HEADER, "1")
        .header("Authorization", "Bearer " + TOKEN).header("Origin", https).header("X-Forwarded-Proto", "https")
        .POST(HttpRequest.BodyPublishers.ofString("{\"item_id\":\"n1\",\"sentiment\":\"positive\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(label.statusCode()).as(label.body()).isEqualTo(200);

    HttpResponse<String> foreignLogout = http.send(HttpRequest.newBuilder(base.resolve("/logout"))
        .header("Authorization", "Bearer " + TOKEN).header("Origin", "https://attacker.example")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertRefused(foreignLogout, 403, "cross-site logout refused");
    assertThat(foreignLogout.headers().firstValue("Set-Cookie")).isEmpty();
    HttpResponse<String> logout = http.send(HttpRequest.newBuilder(base.resolve("/logout"))
        .header("Authorization", "Bearer " + TOKEN).header("Origin", https).header("X-Forwarded-Proto", "https")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(logout.statusCode()).isEqualTo(303);
  }

  @Test
  void anOpenConsoleRefusesRequestsForAnotherHostName() throws Exception {
    URI base = start("127.0.0.1", Map.of());

    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/state HTTP/1.1\r\nHost: rebound.attacker.example:" + base.getPort()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      assertThat(status).contains(" 403 ");
    }
  }

  @Test
  void alertVerdictsAndSilencesAreRecordedAgainstTheAlert() throws Exception {
    URI base = start("127.0.0.1", Map.of());

    assertThat(send(base, "/api/feedback/alert", "1", "{\"alert_id\":\"" + alertId() + "\",\"verdict\":\"false-alarm\"}")
        .statusCode()).isEqualTo(200);
    HttpResponse<String> silenced =
        send(base, "/api/silences", "1", "{\"alert_id\":\"" + alertId() + "\",\"duration\":\"2h\"}");

    assertThat(silenced.statusCode()).as(silenced.body()).isEqualTo(200);
    assertThat(silences).containsExactly("entity:ACME for PT2H by local");
    assertThat(written).extracting(Feedback::kind)
        .containsExactly(Feedback.Kind.ALERT_FALSE_ALARM, Feedback.Kind.ALERT_SILENCED);
    assertThat(written.get(1).silenceId()).isEqualTo("s-1");
    assertThat(written.get(1).alert().scope()).isEqualTo("entity:ACME");
    ConsoleView.AlertCard card = state.snapshot("x").alerts().get(0);
    assertThat(card.verdict()).isEqualTo("false-alarm");
    assertThat(card.silencedBy()).isEqualTo(ConsoleAccess.LOCAL);
  }

  @Test
  void openPagesReceiveNewItemsAsServerSentEvents() throws Exception {
    URI base = start("127.0.0.1", Map.of());
    HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(base.resolve("/api/events")).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
    await().atMost(Duration.ofSeconds(5)).until(() -> events.clients() == 1);

    events.publish("item", state.add(ConsoleFixtures.scored("n2", "n1", "Acme copy", "Earnings", 0.1, 0.8, "ACME")));

    Iterator<String> lines = stream.body().iterator();
    String line = lines.next();
    while (!line.startsWith("event:")) {
      line = lines.next();
    }
    assertThat(line).isEqualTo("event: item");
    JsonNode data = Json.mapper().readTree(lines.next().substring("data: ".length()));
    assertThat(data.get("id").asText()).isEqualTo("n2");
    assertThat(data.get("story_size").asInt()).isEqualTo(2);
    stream.body().close();
  }

  private URI start(String bind, Map<String, String> env) {
    Map<String, String> settings = Map.of(ConfigLoader.envName("console.bind"), bind,
        ConfigLoader.envName("console.port"), "0");
    java.util.HashMap<String, String> all = new java.util.HashMap<>(settings);
    all.putAll(env);
    ConsoleAccess access = ConsoleAccess.of(new ConfigLoader().load(null, all).console(), env);
    state.add(item);
    state.add(ConsoleFixtures.alert("entity:ACME", 1, item));
    ConsoleServer.Sink sink = new ConsoleServer.Sink() {
      @Override
      public void write(Feedback feedback) {
        written.add(feedback);
      }

      @Override
      public String silence(String scope, Duration duration, String comment, String who) {
        silences.add(scope + " for " + duration + " by " + who);
        return "s-" + silences.size();
      }
    };
    server = ConsoleServer.start(bind, 0, 8, access, new SameOrigin(""), state, events,
        new FeedbackRequests(state, Clock.fixed(ConsoleFixtures.T0, ZoneOffset.UTC)), sink, new SimpleMeterRegistry());
    return URI.create("http://127.0.0.1:" + server.uri().getPort() + "/");
  }

  private String alertId() {
    return state.snapshot("x").alerts().get(0).alert().id();
  }

  private HttpResponse<String> get(URI base, String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(URI base, String path, String csrf, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    if (csrf != null) {
      request.header(ConsoleServer.CSRF_HEADER, csrf);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest form(URI base, String body) {
    return HttpRequest.newBuilder(base.resolve("/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static void assertRefused(HttpResponse<String> response, int status, String reason) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(Json.mapper().readTree(response.body()).get("error").asText()).contains(reason);
  }
}
