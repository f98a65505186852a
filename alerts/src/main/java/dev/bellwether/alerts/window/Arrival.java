package dev.bellwether.alerts.window;

import dev.bellwether.event.ScoredNewsItem;

/**
 * A scored item as it reaches a scope's windows: the item and whether every window it belongs to
 * had already closed (beyond grace) when it came.
 *
 * @param item the scored item
 * @param late true when no open window would take it
 */
public record Arrival(ScoredNewsItem item, boolean late) {}
