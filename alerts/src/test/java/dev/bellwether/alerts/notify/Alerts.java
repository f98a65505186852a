package dev.bellwether.alerts.notify;

import dev.bellwether.event.Alert;
import dev.bellwether.event.Headline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Alerts for notifier tests: any scope, severity, status and revision, with one headline each. */
final class Alerts {

  private Alerts() {}

  /** An alert of {@code scope} whose episode started 15 minutes before {@code windowEnd}. */
  static Alert alert(String scope, Alert.Severity severity, Alert.Status status, int revision, Instant windowEnd) {
    return alert(scope, severity, status, revision, windowEnd, windowEnd.minus(Duration.ofMinutes(15)));
  }

  /** A revision of the episode that began at {@code episodeStart}, about the window ending at {@code windowEnd}. */
  static Alert alert(String scope, Alert.Severity severity, Alert.Status status, int revision, Instant windowEnd,
      Instant episodeStart) {
    String slug = scope.replaceAll("[^A-Za-z]", "").toLowerCase(java.util.Locale.ROOT);
    Headline headline = new Headline("i-" + slug, "s-" + slug, "Trouble at " + scope, "https://news.test/" + slug,
        "wire", windowEnd.minusSeconds(30), -0.95);
    return new Alert(Alert.SCHEMA_VERSION, Alert.idOf("negative-spike", scope, episodeStart), "negative-spike", scope,
        severity, status, episodeStart, windowEnd.minus(Duration.ofMinutes(15)), windowEnd, 0.6, 0.1, 7, 1.0, 6.0, 6.0,
        List.of(headline), List.of("test-model@1#abc"), revision, windowEnd);
  }

  /** A firing warning, revision 1. */
  static Alert firing(String scope, Instant windowEnd) {
    return alert(scope, Alert.Severity.WARNING, Alert.Status.FIRING, 1, windowEnd);
  }
}
