package dev.bellwether.event;

import java.util.Objects;

/**
 * What an aggregate or an alert is about: one topic, one entity, or the whole market.
 *
 * <p>Its key form ({@code topic:Earnings}, {@code entity:ACME}, {@code market}) is the Kafka key of
 * window statistics.
 */
public record Scope(Kind kind, String name) {

  /** The three kinds of scope. */
  public enum Kind {
    /** One label of the topic taxonomy. */
    TOPIC,
    /** One ticker. */
    ENTITY,
    /** Every item. */
    MARKET
  }

  /** The market-wide scope. */
  public static final Scope MARKET = new Scope(Kind.MARKET, "market");

  /** Checks the name. */
  public Scope {
    Objects.requireNonNull(kind, "scope kind");
    RawNewsItem.requireText(name, "scope name");
  }

  /** The scope of one topic label. */
  public static Scope topic(String label) {
    return new Scope(Kind.TOPIC, label);
  }

  /** The scope of one ticker. */
  public static Scope entity(String ticker) {
    return new Scope(Kind.ENTITY, ticker);
  }

  /** The key form, e.g. {@code topic:Earnings}. */
  public String key() {
    return kind == Kind.MARKET ? "market" : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
  }

  /**
   * Parses the key form.
   *
   * @throws IllegalArgumentException naming the key when it is not one
   */
  public static Scope parse(String key) {
    if ("market".equals(key)) {
      return MARKET;
    }
    int colon = key == null ? -1 : key.indexOf(':');
    if (colon <= 0 || colon == key.length() - 1) {
      throw new IllegalArgumentException(
          "scope '" + key + "' is not 'market', 'topic:NAME' or 'entity:TICKER'");
    }
    String kind = key.substring(0, colon);
    String name = key.substring(colon + 1);
    switch (kind) {
      case "topic":
        return topic(name);
      case "entity":
        return entity(name);
      default:
        throw new IllegalArgumentException(
            "scope '" + key + "' has unknown kind '" + kind + "'; expected topic or entity");
    }
  }

  @Override
  public String toString() {
    return key();
  }
}
