package dev.bellwether.config;

import dev.bellwether.event.Scope;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Hopping event-time windows of the sentiment aggregates, with the settings of every scope kind
 * that differ from them.
 *
 * @param size window length
 * @param advance hop between window starts; must divide {@code size}
 * @param grace how long after a window ends late items are still counted in it
 * @param byKind settings that differ for one scope kind, keyed {@code topic}, {@code entity} or
 *     {@code market}
 */
public record WindowConfig(Duration size, Duration advance, Duration grace, Map<String, WindowOverride> byKind) {

  /** Checks every value, including each kind's windows as they come out combined. */
  public WindowConfig {
    Check.positive("size", size);
    Check.positive("advance", advance);
    Check.nonNegative("grace", grace);
    if (advance.compareTo(size) > 0) {
      throw new InvalidSettingException("advance", Durations.format(advance), "must not be longer than size (" + Durations.format(size) + ")");
    }
    if (size.toMillis() % advance.toMillis() != 0) {
      throw new InvalidSettingException("advance", Durations.format(advance), "must divide size (" + Durations.format(size) + ") evenly");
    }
    Map<String, WindowOverride> kept = new HashMap<>();
    if (byKind != null) {
      byKind.forEach((kind, override) -> {
        if (override != null) {
          kept.put(kind, override);
        }
      });
    }
    byKind = Map.copyOf(kept);
    for (Map.Entry<String, WindowOverride> e : byKind.entrySet()) {
      if (kindNamed(e.getKey()) == null) {
        throw new InvalidSettingException("by-kind", e.getKey(), "is not a scope kind; use topic, entity, market");
      }
      e.getValue().applyTo(new WindowConfig(size, advance, grace), "by-kind." + e.getKey());
    }
  }

  /** Windows alike for every scope kind. */
  public WindowConfig(Duration size, Duration advance, Duration grace) {
    this(size, advance, grace, Map.of());
  }

  /** The windows of {@code kind}: these settings with the kind's own put in their place. */
  public WindowConfig forKind(Scope.Kind kind) {
    WindowOverride own = byKind.get(kind.name().toLowerCase(Locale.ROOT));
    WindowConfig plain = new WindowConfig(size, advance, grace);
    return own == null ? plain : own.applyTo(plain, "by-kind." + kind.name().toLowerCase(Locale.ROOT));
  }

  /** The windows of every scope kind. */
  public Map<Scope.Kind, WindowConfig> kinds() {
    Map<Scope.Kind, WindowConfig> kinds = new EnumMap<>(Scope.Kind.class);
    for (Scope.Kind kind : Scope.Kind.values()) {
      kinds.put(kind, forKind(kind));
    }
    return kinds;
  }

  private static Scope.Kind kindNamed(String name) {
    for (Scope.Kind kind : Scope.Kind.values()) {
      if (kind.name().toLowerCase(Locale.ROOT).equals(name)) {
        return kind;
      }
    }
    return null;
  }
}
