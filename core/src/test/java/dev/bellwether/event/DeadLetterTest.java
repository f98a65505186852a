package dev.bellwether.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bellwether.kafka.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  private static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");
  private final JsonCodec<DeadLetter> codec = new JsonCodec<>(DeadLetter.class);

  @Test
  void keepsUtf8PayloadsAsText() throws Exception {
    DeadLetter letter = DeadLetter.of("classifier", "news.raw", 0, 7, "k", "bad", "{\"t\":\"Café\"".getBytes(
        StandardCharsets.UTF_8), AT);
    DeadLetter read = codec.decode(codec.encode(letter));
    assertThat(read.payload()).isEqualTo("{\"t\":\"Café\"");
    assertThat(read.payloadEncoding()).isEqualTo(DeadLetter.UTF_8);
    assertThat(read.schemaVersion()).isEqualTo(2);
  }

  @Test
  void keepsTheExactBytesOfPayloadsThatAreNotUtf8AsBase64() throws Exception {
    byte[] binary = {(byte) 0xFF, (byte) 0xFE, 0x00, 'a', (byte) 0xC3, (byte) 0x28};
    DeadLetter read = codec.decode(codec.encode(DeadLetter.of("ingest", "f.jsonl", -1, -1, "f.jsonl:2", "bad", binary,
        AT)));
    assertThat(read.payloadEncoding()).isEqualTo(DeadLetter.BASE64);
    assertThat(read.payload()).isEqualTo("//4AYcMo");
    assertThat(read.payloadAsBytes()).isEqualTo(binary);
    assertThat(read.payloadBytes()).isEqualTo(6);
  }

  @Test
  void readsVersionOneRecordsAsText() throws Exception {
    DeadLetter old = codec.decode(("{\"schema_version\":1,\"stage\":\"classifier\",\"source_topic\":\"news.raw\","
        + "\"partition\":0,\"offset\":1,\"key\":null,\"reason\":\"r\",\"payload\":\"x\",\"payload_bytes\":1,"
        + "\"at\":\"2026-11-02T09:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(old.payloadEncoding()).isEqualTo(DeadLetter.UTF_8);
    assertThat(old.payloadAsBytes()).isEqualTo(new byte[] {'x'});
  }
}
