package dev.bellwether.alerts.spike;

import dev.bellwether.event.Alert;
import java.time.Instant;

/**
 * An open spike episode of one scope.
 *
 * @param id the alert id, fixed for the whole episode
 * @param start start of the first firing window
 * @param revision revision of the last alert published
 * @param severity highest severity reached so far; an episode never de-escalates before it resolves
 * @param quietWindows consecutive windows below the warning level since the last one at or above it
 */
public record Episode(String id, Instant start, int revision, Alert.Severity severity, int quietWindows) {}
