package dev.bellwether.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes one event type as JSON, turning every reading failure into an
 * {@link InvalidRecordException} with a reason a person can act on.
 */
public final class JsonCodec<T> {

  private final Class<T> type;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  /** A codec for {@code type}. */
  public JsonCodec(Class<T> type) {
    this.type = type;
    this.reader = Json.mapper().readerFor(type);
    this.writer = Json.mapper().writerFor(type);
  }

  /** The type this codec reads and writes. */
  public Class<T> type() {
    return type;
  }

  /**
   * Reads one record.
   *
   * @throws InvalidRecordException when the bytes are empty, not JSON, not UTF-8, or not a valid
   *     {@code T}
   */
  public T decode(byte[] bytes) throws InvalidRecordException {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidRecordException("empty payload", null);
    }
    try {
      T value = reader.readValue(bytes);
      if (value == null) {
        throw new InvalidRecordException("payload is JSON null", null);
      }
      return value;
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new InvalidRecordException(
          "invalid " + type.getSimpleName() + ": " + cause.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new InvalidRecordException(
          "unreadable " + type.getSimpleName() + " JSON" + field(e) + ": " + Json.problem(e), e);
    } catch (IOException e) {
      throw new InvalidRecordException("unreadable payload: " + e.getMessage(), e);
    }
  }

  /** " at field a.b[2]" naming where in the document a mapping failed, or "" when not known. */
  private static String field(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
      return "";
    }
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : mapping.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "" : " at field " + path;
  }

  /** Writes one record. */
  public byte[] encode(T value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + type.getSimpleName() + " as JSON", e);
    }
  }

  /** Writes one record as a JSON string. */
  public String encodeToString(T value) {
    try {
      return writer.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + type.getSimpleName() + " as JSON", e);
    }
  }
}
