package dev.bellwether.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** The three sentiment classes, in the order the model's sentiment head emits them. */
public enum Sentiment {
  @JsonProperty("negative")
  NEGATIVE,
  @JsonProperty("neutral")
  NEUTRAL,
  @JsonProperty("positive")
  POSITIVE;

  /** The lower-case name used on the wire and in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a label by name, case-insensitively; also accepts {@code bearish} and {@code bullish}.
   *
   * @throws IllegalArgumentException naming the value when it is none of these
   */
  public static Sentiment parse(String label) {
    String l = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
    switch (l) {
      case "negative":
      case "bearish":
        return NEGATIVE;
      case "neutral":
        return NEUTRAL;
      case "positive":
      case "bullish":
        return POSITIVE;
      default:
        throw new IllegalArgumentException(
            "unknown sentiment label '" + label + "'; expected negative, neutral, positive, bearish or bullish");
    }
  }
}
