package dev.bellwether.ops.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * One Kafka record as a line of an export file, and back. Fields: {@code topic}, {@code partition}
 * and {@code offset} (for reference; an import lets the key choose the partition), {@code timestamp}
 * (epoch milliseconds, kept on import) and {@code time} (the same, readable), {@code key} (text) or
 * {@code key_base64}, {@code value} (the JSON itself when the value is JSON that reads back to the
 * same bytes, else absent) or {@code value_base64}, and {@code headers} ({@code [{key, value}]}
 * or {@code value_base64}). Every record reads back byte for byte.
 *
 * @param key key bytes, or null
 * @param value value bytes, or null (a tombstone)
 * @param timestamp record timestamp, epoch milliseconds
 * @param headers record headers
 */
record JsonlRecord(byte[] key, byte[] value, long timestamp, List<Header> headers) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The line for {@code r}, without its line break. */
  static String line(ConsumerRecord<byte[], byte[]> r) throws IOException {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("topic", r.topic());
    o.put("partition", r.partition());
    o.put("offset", r.offset());
    o.put("timestamp", r.timestamp());
    o.put("time", Instant.ofEpochMilli(r.timestamp()).toString());
    bytes(o, "key", r.key(), false);
    bytes(o, "value", r.value(), true);
    ArrayNode headers = o.putArray("headers");
    for (Header h : r.headers()) {
      ObjectNode header = headers.addObject();
      header.put("key", h.key());
      bytes(header, "value", h.value(), false);
    }
    return MAPPER.writeValueAsString(o);
  }

  private static void bytes(ObjectNode o, String field, byte[] bytes, boolean json) {
    if (bytes == null) {
      o.putNull(field);
      return;
    }
    if (json) {
      JsonNode tree = jsonThatRoundTrips(bytes);
      if (tree != null) {
        o.set(field, tree);
        return;
      }
    } else if (utf8(bytes) != null) {
      o.put(field, utf8(bytes));
      return;
    }
    o.put(field + "_base64", Base64.getEncoder().encodeToString(bytes));
  }

  private static JsonNode jsonThatRoundTrips(byte[] bytes) {
    try {
      JsonNode tree = MAPPER.readTree(bytes);
      return tree != null && (tree.isObject() || tree.isArray()) && Arrays.equals(MAPPER.writeValueAsBytes(tree), bytes)
          ? tree : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Reads one line; the message of the exception says what is wrong with it. */
  static JsonlRecord parse(String line) throws IOException {
    JsonNode o = MAPPER.readTree(line);
    if (o == null || !o.isObject()) {
      throw new IOException("not a JSON object");
    }
    if (!o.path("timestamp").canConvertToLong()) {
      throw new IOException("timestamp (epoch milliseconds) is missing");
    }
    if (!o.has("value") && !o.has("value_base64")) {
      throw new IOException("value or value_base64 is missing");
    }
    List<Header> headers = new ArrayList<>();
    for (JsonNode h : o.path("headers")) {
      headers.add(new RecordHeader(h.path("key").asText(), bytesOf(h, "value", false)));
    }
    return new JsonlRecord(bytesOf(o, "key", false), bytesOf(o, "value", true), o.get("timestamp").asLong(), headers);
  }

  private static byte[] bytesOf(JsonNode o, String field, boolean json) throws IOException {
    if (o.hasNonNull(field + "_base64")) {
      try {
        return Base64.getDecoder().decode(o.get(field + "_base64").asText());
      } catch (IllegalArgumentException e) {
        throw new IOException(field + "_base64 is not base64: " + e.getMessage(), e);
      }
    }
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (json && (v.isObject() || v.isArray())) {
      return MAPPER.writeValueAsBytes(v);
    }
    return v.asText().getBytes(StandardCharsets.UTF_8);
  }
}
