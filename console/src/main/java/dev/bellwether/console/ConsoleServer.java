package dev.bellwether.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bellwether.UserFacingException;
import dev.bellwether.event.Feedback;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP side (JDK HttpServer): the page and its assets, the state as JSON, the event
 * stream, the login form and the feedback endpoints, each behind the access check.
 *
 * <p>Every POST other than the login form needs {@code Content-Type: application/json} and the
 * header {@value #CSRF_HEADER}, which a cross-site form cannot send and a cross-site script cannot
 * send without a CORS preflight this server never grants; an {@code Origin} other than the
 * console's own ({@link SameOrigin}, which knows about TLS-terminating proxies) is refused on
 * every POST, the login form and logout included.
 */
final class ConsoleServer implements AutoCloseable {

  /** The header every feedback POST must carry. */
  static final String CSRF_HEADER = "X-Bellwether-Console";

  static final int MAX_BODY_BYTES = 16 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
  private static final String REFUSED_NOTE = "<p class=\"error\">That token was refused.</p>";

  /** Where feedback goes: the feedback topic, and silences to the silences topic. */
  interface Sink {
    /** Writes one feedback record, waiting for it to be stored. */
    void write(Feedback feedback);

    /** Writes a silence of {@code scope} from now for {@code duration}; returns its id. */
    String silence(String scope, Duration duration, String comment, String who);
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final ConsoleAccess access;
  private final SameOrigin origins;
  private final ConsoleState state;
  private final EventStream events;
  private final FeedbackRequests requests;
  private final Sink sink;
  private final Map<String, byte[]> assets;
  private final MeterRegistry registry;

  private ConsoleServer(HttpServer server, ExecutorService executor, ConsoleAccess access, SameOrigin origins,
      ConsoleState state, EventStream events, FeedbackRequests requests, Sink sink, MeterRegistry registry) {
    this.server = server;
    this.executor = executor;
    this.access = access;
    this.origins = origins;
    this.state = state;
    this.events = events;
    this.requests = requests;
    this.sink = sink;
    this.registry = registry;
    this.assets = Map.of(
        "/", HttpReplies.resource("index.html"),
        "/console.css", HttpReplies.resource("console.css"),
        "/console.js", HttpReplies.resource("console.js"),
        "/login", HttpReplies.resource("login.html"));
  }

  /**
   * Serves on {@code bind:port}.
   *
   * @throws UserFacingException naming {@code console.bind} and {@code console.port} when it cannot listen
   */
  static ConsoleServer start(String bind, int port, int threads, ConsoleAccess access, SameOrigin origins,
      ConsoleState state, EventStream events, FeedbackRequests requests, Sink sink, MeterRegistry registry) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bind, port), 64);
    } catch (IOException e) {
      throw cannotListen(bind, port, e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bellwether-console-http");
      t.setDaemon(true);
      return t;
    });
    ConsoleServer console =
        new ConsoleServer(server, executor, access, origins, state, events, requests, sink, registry);
    server.createContext("/", console::handle);
    server.setExecutor(executor);
    server.start();
    return console;
  }

  /**
   * Checks that the console could listen on {@code bind:port} now, so that {@code run} can refuse
   * a taken port before it starts anything else.
   *
   * @throws UserFacingException naming the address and the settings when it cannot
   */
  static void checkPort(String bind, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(bind, port), 1);
    } catch (IOException e) {
      throw cannotListen(bind, port, e);
    }
  }

  private static UserFacingException cannotListen(String bind, int port, IOException e) {
    return new UserFacingException("the console cannot listen on " + bind + ":" + port + " ("
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "): set console.port to a free"
        + " port (0 picks one), or console.enabled: false", e);
  }

  /** The console's address, e.g. {@code http://127.0.0.1:8080/}. */
  URI uri() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      route(ex);
    } catch (FeedbackRequests.Refused e) {
      HttpReplies.json(ex, e.status(), Map.of("error", e.getMessage()));
    } catch (KafkaException e) {
      LOG.warn("Console could not save feedback: {}", e.getMessage());
      HttpReplies.json(ex, 503, Map.of("error", "not saved: " + e.getMessage() + "; try again"));
    } catch (IOException e) {
      LOG.debug("Console client went away: {}", e.toString());
    } catch (RuntimeException e) {
      LOG.error("Console request {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
      HttpReplies.json(ex, 500, Map.of("error", "internal error; see Bellwether's log"));
    } finally {
      ex.close();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (access.open() && !ConsoleAccess.loopbackHost(ex.getRequestHeaders().getFirst("Host"))) {
      refuse(ex, 403, "forbidden", "this console answers only to http://127.0.0.1:" + server.getAddress().getPort()
          + "/ (Host header refused)");
      return;
    }
    if (path.equals("/login")) {
      login(ex, method);
      return;
    }
    if (path.equals("/console.css") || path.equals("/console.js")) {
      requireMethod(method, "GET");
      HttpReplies.send(ex, 200, path.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
          assets.get(path));
      return;
    }
    Optional<String> who = access.who(ex.getRequestHeaders().getFirst("Authorization"),
        ex.getRequestHeaders().getFirst("Cookie"));
    if (who.isEmpty()) {
      if (path.startsWith("/api/")) {
        refuse(ex, 401, "unauthorized", "a console token is required: Authorization: Bearer TOKEN, or log in at /login");
      } else {
        counter("unauthorized").increment();
        HttpReplies.send(ex, 401, "text/html; charset=utf-8", assets.get("/login"));
      }
      return;
    }
    switch (path) {
      case "/":
        requireMethod(method, "GET");
        HttpReplies.send(ex, 200, "text/html; charset=utf-8", assets.get("/"));
        break;
      case "/api/state":
        requireMethod(method, "GET");
        HttpReplies.json(ex, 200, state.snapshot(who.get()));
        break;
      case "/api/events":
        requireMethod(method, "GET");
        HttpReplies.securityHeaders(ex);
        events.serve(ex);
        break;
      case "/api/feedback/label":
        save(requests.label(postBody(ex, method), who.get()));
        HttpReplies.json(ex, 200, Map.of("saved", true));
        break;
      case "/api/feedback/alert":
        save(requests.alertVerdict(postBody(ex, method), who.get()));
        HttpReplies.json(ex, 200, Map.of("saved", true));
        break;
      case "/api/silences":
        FeedbackRequests.SilenceRequest silence = requests.silence(postBody(ex, method), who.get());
        String id = sink.silence(silence.alert().scope(), silence.duration(), silence.comment(), who.get());
        save(requests.silenced(silence, id, who.get()));
        HttpReplies.json(ex, 200, Map.of("saved", true, "silence_id", id));
        break;
      case "/logout":
        requireMethod(method, "POST");
        if (!origins.allows(ex.getRequestHeaders())) {
          refuse(ex, 403, "forbidden", "cross-site logout refused");
          return;
        }
        ex.getResponseHeaders().add("Set-Cookie", ConsoleAccess.COOKIE + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict"
            + secure(ex));
        ex.getResponseHeaders().set("Location", "/login");
        HttpReplies.send(ex, 303, "text/plain; charset=utf-8", new byte[0]);
        break;
      default:
        HttpReplies.json(ex, 404, Map.of("error", "no such page: " + path));
    }
  }

  private void save(Feedback feedback) {
    sink.write(feedback);
    state.apply(feedback).ifPresent(view -> events.publish(view instanceof ConsoleView.Item ? "item" : "alert", view));
  }

  private void login(HttpExchange ex, String method) throws IOException {
    if (method.equals("GET")) {
      HttpReplies.send(ex, 200, "text/html; charset=utf-8", assets.get("/login"));
      return;
    }
    requireMethod(method, "POST");
    if (!origins.allows(ex.getRequestHeaders())) {
      refuse(ex, 403, "forbidden", "cross-site login refused");
      return;
    }
    String token = null;
    for (String pair : new String(HttpReplies.body(ex, MAX_BODY_BYTES), StandardCharsets.UTF_8).split("&")) {
      if (pair.startsWith("token=")) {
        token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8).strip();
      }
    }
    if (access.open() || access.nameOf(token).isEmpty()) {
      counter("unauthorized").increment();
      String page = new String(assets.get("/login"), StandardCharsets.UTF_8).replace("<!--message-->", REFUSED_NOTE);
      HttpReplies.send(ex, 401, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
      return;
    }
    ex.getResponseHeaders().add("Set-Cookie", ConsoleAccess.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict"
        + secure(ex));
    ex.getResponseHeaders().set("Location", "/");
    HttpReplies.send(ex, 303, "text/plain; charset=utf-8", new byte[0]);
  }

  private JsonNode postBody(HttpExchange ex, String method) throws IOException {
    requireMethod(method, "POST");
    if (!origins.allows(ex.getRequestHeaders()) || ex.getRequestHeaders().getFirst(CSRF_HEADER) == null) {
      counter("forbidden").increment();
      throw new FeedbackRequests.Refused(403, "cross-site request refused: POSTs need the " + CSRF_HEADER
          + " header and, when an Origin is sent, this console's own");
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new FeedbackRequests.Refused(415, "Content-Type must be application/json");
    }
    return FeedbackRequests.parse(HttpReplies.body(ex, MAX_BODY_BYTES));
  }

  /** The cookie attribute that keeps the login cookie off plain HTTP when the browser uses HTTPS. */
  private String secure(HttpExchange ex) {
    return origins.secure(ex.getRequestHeaders()) ? "; Secure" : "";
  }

  private static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw new FeedbackRequests.Refused(405, "use " + expected);
    }
  }

  private void refuse(HttpExchange ex, int status, String reason, String message) throws IOException {
    counter(reason).increment();
    HttpReplies.json(ex, status, Map.of("error", message));
  }

  private Counter counter(String reason) {
    return Counter.builder("bellwether.console.requests.refused")
        .description("Console requests refused: no valid token (unauthorized) or cross-site or wrong host (forbidden)")
        .tag("reason", reason)
        .register(registry);
  }

  @Override
  public void close() {
    events.close();
    server.stop(0);
    executor.shutdownNow();
  }
}
