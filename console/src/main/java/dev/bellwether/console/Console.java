package dev.bellwether.console;

import dev.bellwether.config.ConsoleConfig;
import dev.bellwether.event.Feedback;
import dev.bellwether.kafka.SilenceTopic;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The analyst console: a web page of live scored news, alerts and per-topic sentiment, where
 * analysts correct labels, judge and silence alerts. Reads {@code news.scored}, {@code alerts},
 * {@code sentiment.windows} and {@code feedback}; writes {@code feedback} and
 * {@code alerts.silences}. See {@code docs/console.md}.
 */
public final class Console implements AutoCloseable {

  /** The most pages with a live event stream at once. */
  static final int MAX_PAGES = 32;

  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

  private final FeedbackLog log;
  private final ConsoleFeed feed;
  private final ConsoleServer server;

  private Console(FeedbackLog log, ConsoleFeed feed, ConsoleServer server) {
    this.log = log;
    this.feed = feed;
    this.server = server;
  }

  /**
   * Checks access (tokens), reads the recent tail of its topics and starts serving. The topics must
   * exist (the pipeline creates them at start-up).
   *
   * @param config the {@code console} settings
   * @param kafkaClientConfig how to reach Kafka, as every client of the pipeline does
   * @param env the environment, for the variable {@code console.token-env} names
   * @throws dev.bellwether.config.ConfigException naming the setting when access is misconfigured
   * @throws dev.bellwether.UserFacingException naming {@code console.port} when it cannot listen
   */
  public static Console start(ConsoleConfig config, Map<String, Object> kafkaClientConfig, Map<String, String> env,
      MeterRegistry registry, Clock clock) {
    ConsoleAccess access = ConsoleAccess.of(config, env);
    ConsoleState state = new ConsoleState(config.recentItems(), config.recentAlerts(), config.windowsPerTopic());
    EventStream events = new EventStream(MAX_PAGES, 10_000, Duration.ofSeconds(15));
    FeedbackLog log = new FeedbackLog(kafkaClientConfig, KAFKA_TIMEOUT, registry);
    ConsoleFeed feed = null;
    try {
      feed = ConsoleFeed.start(kafkaClientConfig, config.tailRecords(), state, events, log, clock);
      SilenceTopic silences = new SilenceTopic(kafkaClientConfig, KAFKA_TIMEOUT, clock);
      ConsoleServer.Sink sink = new ConsoleServer.Sink() {
        @Override
        public void write(Feedback feedback) {
          log.write(feedback);
        }

        @Override
        public String silence(String scope, Duration duration, String comment, String who) {
          return silences.add(scope, clock.instant(), duration, comment, who).id();
        }
      };
      ConsoleServer server = ConsoleServer.start(config.bind(), config.port(), MAX_PAGES + 8, access,
          new SameOrigin(config.publicUrl()), state, events, new FeedbackRequests(state, clock), sink, registry);
      Gauge.builder("bellwether.console.pages", events, EventStream::clients)
          .description("Console pages with an open live event stream")
          .register(registry);
      return new Console(log, feed, server);
    } catch (RuntimeException e) {
      if (feed != null) {
        feed.close();
      }
      log.close();
      throw e;
    }
  }

  /**
   * Checks the access settings without starting anything, so that {@code run} refuses a bad
   * console configuration before it starts the pipeline.
   *
   * @throws dev.bellwether.config.ConfigException naming the setting, as {@link #start} would
   */
  public static void checkAccess(ConsoleConfig config, Map<String, String> env) {
    ConsoleAccess.of(config, env);
  }

  /**
   * Checks that the console's port is free now, without starting anything, so that {@code run}
   * refuses a taken port at once rather than after the pipeline has started.
   *
   * @throws dev.bellwether.UserFacingException naming {@code console.bind} and {@code console.port}
   */
  public static void checkPort(ConsoleConfig config) {
    ConsoleServer.checkPort(config.bind(), config.port());
  }

  /** The console's address, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return server.uri();
  }

  /** Stops serving, reading and writing. */
  @Override
  public void close() {
    server.close();
    feed.close();
    log.close();
  }
}
