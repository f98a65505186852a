package dev.bellwether.classifier.score;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A raw record waiting in the scoring buffer, with what its scored record or dead letter needs:
 * key, timestamp (publication time) and source position.
 */
record Buffered(String key, long timestamp, String topic, int partition, long offset, byte[] payload) {

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeBoolean(key != null);
      if (key != null) {
        out.writeUTF(key);
      }
      out.writeLong(timestamp);
      out.writeUTF(topic);
      out.writeInt(partition);
      out.writeLong(offset);
      out.writeInt(payload.length);
      out.write(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Buffered decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      String key = in.readBoolean() ? in.readUTF() : null;
      long timestamp = in.readLong();
      String topic = in.readUTF();
      int partition = in.readInt();
      long offset = in.readLong();
      byte[] payload = new byte[in.readInt()];
      in.readFully(payload);
      return new Buffered(key, timestamp, topic, partition, offset, payload);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt scoring buffer entry", e);
    }
  }
}
