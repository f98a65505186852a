package dev.bellwether.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bellwether.UserFacingException;
import dev.bellwether.classifier.model.ModelLoadException;
import dev.bellwether.config.ConfigException;
import dev.bellwether.kafka.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.KafkaException;

/**
 * The one line a failed command prints: what went wrong, naming the input, setting or port that
 * the failure's own message names, without class names or stack traces (those go to the log at
 * debug level). Bellwether's own failures ({@link UserFacingException}, {@link ConfigException},
 * the argument and state checks of its modules) already say what to do; file-system errors are put
 * into words; anything else is named as unexpected.
 */
final class FailureMessage {

  /** What to add to an unexpected failure so that its details can be found. */
  static final String DEBUG_HINT = "BELLWETHER_LOG_LEVEL=DEBUG prints its stack trace";

  private FailureMessage() {}

  /** The failure {@code e} in one line. */
  static String of(Throwable e) {
    return oneLine(describe(e));
  }

  private static String describe(Throwable e) {
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      return withContext(u.getMessage(), u.getCause());
    }
    if (e instanceof JsonProcessingException j) {
      return "not readable JSON: " + Json.problem(j);
    }
    if (e instanceof IOException io) {
      return withContext(null, io);
    }
    if (e instanceof KafkaException) {
      return "Kafka: " + message(e) + " (is the broker at --bootstrap-servers running and reachable?)";
    }
    if (e instanceof UserFacingException || e instanceof ConfigException || e instanceof ModelLoadException
        || e instanceof IllegalArgumentException || e instanceof IllegalStateException
        || e instanceof DateTimeParseException) {
      if (e.getMessage() != null && !e.getMessage().isBlank()) {
        return e.getMessage();
      }
    }
    return "unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
        + " (" + DEBUG_HINT + ")";
  }

  /** {@code context} (a wrapper's own words, may be null) and what {@code io} says about its file. */
  private static String withContext(String context, IOException io) {
    String ours = context == null || context.equals(io.toString()) ? null : context;
    if (io instanceof FileSystemException f && f.getFile() != null) {
      String what = f instanceof NoSuchFileException ? "no such file or folder"
          : f instanceof AccessDeniedException ? "permission denied"
          : f instanceof FileAlreadyExistsException ? "it already exists"
          : f instanceof NotDirectoryException ? "not a folder"
          : f.getReason() != null ? f.getReason() : "cannot be used";
      String file = ours != null && ours.contains(f.getFile()) ? "" : f.getFile() + ": ";
      return (ours == null ? "" : ours + ": ") + file + what;
    }
    String detail = io instanceof JsonProcessingException j ? Json.problem(j) : message(io);
    return ours == null ? detail : ours + ": " + detail;
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
