package dev.bellwether.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Export lines read back to the exact record bytes, whatever the value holds. */
class JsonlRecordTest {

  @Test
  void jsonValueIsEmbeddedAndReadsBackByteForByte() throws IOException {
    byte[] value = "{\"schema_version\":1,\"title\":\"Acme \\\"falls\\\"\",\"score\":-0.98}".getBytes(StandardCharsets.UTF_8);
    String line = JsonlRecord.line(record("story-1".getBytes(StandardCharsets.UTF_8), value));
    assertThat(line).contains("\"value\":{\"schema_version\":1").doesNotContain("\"value_base64\":\"eyJ");
    JsonlRecord back = JsonlRecord.parse(line);
    assertThat(back.value()).isEqualTo(value);
    assertThat(new String(back.key(), StandardCharsets.UTF_8)).isEqualTo("story-1");
    assertThat(back.timestamp()).isEqualTo(1_764_400_000_000L);
    assertThat(back.headers()).singleElement().satisfies(h -> assertThat(h.value()).isEqualTo(new byte[] {(byte) 0xff, 0}));
  }

  @Test
  void valuesThatWouldNotRoundTripAsJsonAreBase64() throws IOException {
    byte[] spaced = "{ \"a\" : 1 }".getBytes(StandardCharsets.UTF_8);
    byte[] binary = {(byte) 0xc3, (byte) 0x28, 0, 7};
    for (byte[] value : new byte[][] {spaced, binary}) {
      String line = JsonlRecord.line(record(binary, value));
      assertThat(line).contains("value_base64").contains("key_base64");
      JsonlRecord back = JsonlRecord.parse(line);
      assertThat(back.value()).isEqualTo(value);
      assertThat(back.key()).isEqualTo(binary);
    }
  }

  @Test
  void tombstonesAndNullKeysStayNull() throws IOException {
    JsonlRecord back = JsonlRecord.parse(JsonlRecord.line(record(null, null)));
    assertThat(back.key()).isNull();
    assertThat(back.value()).isNull();
  }

  @Test
  void aLineWithoutTimestampSaysSo() {
    assertThatThrownBy(() -> JsonlRecord.parse("{\"key\":\"k\",\"value\":{}}")).hasMessageContaining("timestamp");
  }

  private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader("trace", new byte[] {(byte) 0xff, 0}));
    return new ConsumerRecord<>("news.raw", 2, 41L, 1_764_400_000_000L, TimestampType.CREATE_TIME,
        key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers, Optional.empty());
  }
}
