package dev.bellwether.alerts.notify;

import dev.bellwether.config.NotifierConfig;
import dev.bellwether.event.Silence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The silences the notifier knows: those of the config file, and the latest version of each one
 * read from the silences topic. Used by the notifier thread only.
 */
final class SilenceBook {

  private final List<Silence> configured = new ArrayList<>();
  private final Map<String, Silence> fromTopic = new LinkedHashMap<>();

  SilenceBook(List<NotifierConfig.SilenceSetting> settings) {
    for (int i = 0; i < settings.size(); i++) {
      NotifierConfig.SilenceSetting s = settings.get(i);
      configured.add(new Silence(Silence.SCHEMA_VERSION, "config-" + i, s.scope(), s.start(), s.end(), s.comment(),
          s.author(), Instant.EPOCH));
    }
  }

  /** Takes a silence read from the topic; a later version of the same id replaces the earlier. */
  void put(Silence silence) {
    fromTopic.put(silence.id(), silence);
  }

  /** Forgets a silence deleted from the topic (a tombstone). */
  void remove(String id) {
    fromTopic.remove(id);
  }

  /** The first silence that silences {@code scopeKey} at {@code now}, if any. */
  Optional<Silence> silencing(String scopeKey, Instant now) {
    for (Silence s : configured) {
      if (s.silences(scopeKey, now)) {
        return Optional.of(s);
      }
    }
    for (Silence s : fromTopic.values()) {
      if (s.silences(scopeKey, now)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** How many silences are in force at {@code now}. */
  int active(Instant now) {
    int n = 0;
    for (Silence s : configured) {
      n += s.isActiveAt(now) ? 1 : 0;
    }
    for (Silence s : fromTopic.values()) {
      n += s.isActiveAt(now) ? 1 : 0;
    }
    return n;
  }
}
