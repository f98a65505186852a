package dev.bellwether.kafka;

import dev.bellwether.event.ScopePattern;
import dev.bellwether.event.Silence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The silences topic as the command line uses it: add a silence, list them, expire one. A running
 * notifier reads every change within a second; nothing needs a restart.
 */
public final class SilenceTopic {

  private final Map<String, Object> kafkaClientConfig;
  private final Duration timeout;
  private final Clock clock;

  /** The silences topic on the cluster {@code kafkaClientConfig} reaches. */
  public SilenceTopic(Map<String, Object> kafkaClientConfig, Duration timeout, Clock clock) {
    this.kafkaClientConfig = Map.copyOf(kafkaClientConfig);
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Writes a new silence of {@code scope} from {@code start} for {@code length}.
   *
   * @throws IllegalArgumentException naming the scope when it is not a valid pattern or matches no scope
   * @throws KafkaException when Kafka refuses it or cannot be reached in time
   */
  public Silence add(String scope, Instant start, Duration length, String comment, String author) {
    ScopePattern.checked(scope);
    String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
    Silence silence = new Silence(Silence.SCHEMA_VERSION, id, scope, start, start.plus(length), comment, author,
        clock.instant());
    write(silence);
    return silence;
  }

  /** The latest version of every silence, newest first; expired ones only when {@code includeExpired}. */
  public List<Silence> list(boolean includeExpired) {
    Map<String, Silence> latest = new LinkedHashMap<>();
    try (CompactedTopic<Silence> topic = new CompactedTopic<>(kafkaClientConfig, Topics.SILENCES, "bellwether-silence-cli", timeout)) {
      topic.readToEnd(timeout, (id, s) -> {
        if (s == null) {
          latest.remove(id);
        } else {
          latest.put(id, s);
        }
      });
    }
    Instant now = clock.instant();
    List<Silence> out = new ArrayList<>();
    for (Silence s : latest.values()) {
      if (includeExpired || s.endsAt().isAfter(now)) {
        out.add(s);
      }
    }
    out.sort(Comparator.comparing(Silence::createdAt).reversed());
    return out;
  }

  /**
   * Ends silence {@code id} now, keeping it in the topic as expired.
   *
   * @return the expired silence, or empty when there is no silence with that id
   */
  public Optional<Silence> expire(String id) {
    Optional<Silence> found = list(true).stream().filter(s -> s.id().equals(id)).findFirst();
    found.ifPresent(s -> write(s.expiredAt(clock.instant())));
    return found.map(s -> s.expiredAt(clock.instant()));
  }

  private void write(Silence silence) {
    Map<String, Object> props = new HashMap<>(kafkaClientConfig);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "bellwether-silence-cli");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    int request = (int) Math.max(timeout.toMillis(), 1000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, request + 1000);
    JsonCodec<Silence> codec = Topics.SILENCES.valueSerde().codec();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.SILENCES.name(), silence.id(), codec.encode(silence)))
          .get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException("could not write silence " + silence.id() + " to " + Topics.SILENCES.name() + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new KafkaException("could not write silence " + silence.id() + " to " + Topics.SILENCES.name()
          + " within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing silence " + silence.id(), e);
    }
  }
}
