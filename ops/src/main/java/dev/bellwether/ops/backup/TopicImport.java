package dev.bellwether.ops.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bellwether.Progress;
import dev.bellwether.UserFacingException;
import dev.bellwether.kafka.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the records of an export file to a topic, keeping keys, values, timestamps and headers
 * (partitions follow the keys). The whole file is checked before the first record is sent, so
 * a bad line stops the import before it starts rather than half-way.
 */
public final class TopicImport {

  private TopicImport() {}

  /**
   * Counts the records of {@code in}, failing with the number of the first bad line.
   *
   * @return records in the file
   */
  public static long check(Path in) {
    long n = 0;
    long lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonlRecord.parse(line);
        } catch (IOException e) {
          String problem = e instanceof JsonProcessingException j ? Json.problem(j) : e.getMessage();
          throw new UserFacingException(in + " line " + lineNumber + ": " + problem
              + "; nothing was imported. Fix or remove the line (files written by `bellwether export` read back as they are)", e);
        }
        n++;
      }
    } catch (IOException e) {
      throw new UserFacingException("cannot read " + in + ": " + e.getMessage(), e);
    }
    return n;
  }

  /**
   * Sends every record of {@code in} to {@code topic}.
   *
   * @return records sent
   */
  public static long run(Map<String, Object> clientConfig, Path in, String topic, Progress progress) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    long sent = 0;
    java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
    try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonlRecord r = JsonlRecord.parse(line);
        producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), r.headers()),
            (meta, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
        if (failure.get() != null) {
          break;
        }
        progress.update(++sent);
      }
      producer.flush();
      if (failure.get() != null) {
        throw new UserFacingException("import into " + topic + " stopped after " + sent + " records: "
            + failure.get().getMessage() + "; records before the failure were written", failure.get());
      }
      progress.finish(sent);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sent;
  }
}
